using System.Globalization;
using System.Text;

namespace IssueSync.Sdk.Testing.Emulator;

/// <summary>
/// The subset of WIQL the emulator runs: <c>SELECT [f], … FROM WorkItems [WHERE [f] op value AND …]
/// [ORDER BY [f] [ASC|DESC], …]</c>, with op one of <c>= &lt;&gt; &lt; &lt;= &gt; &gt;= CONTAINS</c>
/// and <c>NOT CONTAINS</c>, values as strings, numbers, <c>@project</c> or <c>@me</c>. Anything else
/// is refused with a 400 that says so, never half-run.
/// </summary>
internal sealed class WiqlQuery
{
    private static readonly string[] Unsupported = ["OR", "IN", "UNDER", "EVER", "ASOF", "GROUP", "MODE", "WORKITEMLINKS", "(", ")"];

    private readonly List<Condition> _conditions = [];
    private readonly List<(string Field, bool Descending)> _order = [];

    private WiqlQuery()
    {
    }

    public List<string> Columns { get; } = [];

    public static WiqlQuery Parse(string text)
    {
        var tokens = Tokenize(text);
        foreach (var token in tokens)
        {
            if (token.Kind is TokenKind.Word or TokenKind.Symbol && Unsupported.Contains(token.Text.ToUpperInvariant(), StringComparer.Ordinal))
            {
                throw Refuse($"'{token.Text}'");
            }
        }

        var query = new WiqlQuery();
        var reader = new TokenReader(tokens);
        reader.ExpectWord("SELECT");
        do
        {
            query.Columns.Add(reader.ExpectField());
        }
        while (reader.TrySymbol(","));

        reader.ExpectWord("FROM");
        if (!string.Equals(reader.Next().Text, "WorkItems", StringComparison.OrdinalIgnoreCase))
        {
            throw Refuse("a source other than WorkItems");
        }

        if (reader.TryWord("WHERE"))
        {
            do
            {
                query._conditions.Add(reader.ReadCondition());
            }
            while (reader.TryWord("AND"));
        }

        if (reader.TryWord("ORDER"))
        {
            reader.ExpectWord("BY");
            do
            {
                var field = reader.ExpectField();
                var descending = reader.TryWord("DESC");
                if (!descending)
                {
                    reader.TryWord("ASC");
                }

                query._order.Add((field, descending));
            }
            while (reader.TrySymbol(","));
        }

        if (!reader.AtEnd)
        {
            throw Refuse($"'{reader.Next().Text}' after the query");
        }

        return query;
    }

    /// <summary>The ids of the live work items that match, ordered, at most <paramref name="top"/>.</summary>
    public List<int> Run(EmulatedOrganization org, string? project, EmulatedUser me, int? top)
    {
        var resolved = _conditions.Select(c => c with { Value = ResolveMacro(c.Value, project, me) }).ToList();
        var items = org.FindWorkItems(item => resolved.TrueForAll(c => c.Matches(org, item)));
        IEnumerable<WorkItemRecord> ordered = items;
        if (_order.Count > 0)
        {
            IOrderedEnumerable<WorkItemRecord>? sorted = null;
            foreach (var (field, descending) in _order)
            {
                string Key(WorkItemRecord w) => FieldText(w, field) ?? string.Empty;
                sorted = sorted is null
                    ? (descending ? items.OrderByDescending(Key, ValueComparer.Instance) : items.OrderBy(Key, ValueComparer.Instance))
                    : (descending ? sorted.ThenByDescending(Key, ValueComparer.Instance) : sorted.ThenBy(Key, ValueComparer.Instance));
            }

            ordered = sorted!;
        }

        var ids = ordered.Select(w => w.Id);
        return [.. top is { } limit ? ids.Take(limit) : ids];
    }

    private static Operand ResolveMacro(Operand value, string? project, EmulatedUser me) => value.Macro?.ToUpperInvariant() switch
    {
        null => value,
        "@PROJECT" => new Operand(project ?? throw EmulatorError.BadRequest("The query uses @project, but the request URL names no project."), null),
        "@ME" => new Operand(me.UniqueName, null),
        _ => throw Refuse($"the macro {value.Macro}"),
    };

    private static string? FieldText(WorkItemRecord item, string field) =>
        string.Equals(field, "System.Id", StringComparison.OrdinalIgnoreCase)
            ? item.Id.ToString(CultureInfo.InvariantCulture)
            : EmulatorJson.Text(item.Current.Fields.GetValueOrDefault(field));

    private static EmulatorError Refuse(string what) =>
        EmulatorError.BadRequest($"The IssueSync Azure DevOps emulator does not support {what} in WIQL. It runs SELECT … FROM WorkItems WHERE [Field] op value joined by AND (op: = <> < <= > >= CONTAINS, NOT CONTAINS), with ORDER BY.");

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '[')
            {
                var end = text.IndexOf(']', i);
                if (end < 0)
                {
                    throw Syntax("an unclosed '['");
                }

                tokens.Add(new Token(TokenKind.Field, text[(i + 1)..end].Trim()));
                i = end + 1;
            }
            else if (c is '\'' or '"')
            {
                var value = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw Syntax("an unclosed string");
                    }

                    if (text[i] == c)
                    {
                        if (i + 1 < text.Length && text[i + 1] == c)
                        {
                            value.Append(c);
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    value.Append(text[i++]);
                }

                tokens.Add(new Token(TokenKind.String, value.ToString()));
            }
            else if (c is '<' or '>' or '=' or ',' or '(' or ')')
            {
                var two = i + 1 < text.Length ? text.Substring(i, 2) : string.Empty;
                var symbol = two is "<>" or "<=" or ">=" ? two : c.ToString();
                tokens.Add(new Token(TokenKind.Symbol, symbol));
                i += symbol.Length;
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('[' or '\'' or '"' or '<' or '>' or '=' or ',' or '(' or ')'))
                {
                    i++;
                }

                var word = text[start..i];
                tokens.Add(new Token(double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? TokenKind.Number : TokenKind.Word, word));
            }
        }

        return tokens;
    }

    private static EmulatorError Syntax(string what) =>
        EmulatorError.BadRequest($"The WIQL query is not valid: it has {what}.");

    private enum TokenKind
    {
        Word,
        Field,
        String,
        Number,
        Symbol,
    }

    private sealed record Token(TokenKind Kind, string Text);

    /// <summary>A literal, or a macro (<c>@project</c>, <c>@me</c>) resolved before the run.</summary>
    private sealed record Operand(string Text, string? Macro);

    private sealed record Condition(string Field, string Operator, Operand Value)
    {
        public bool Matches(EmulatedOrganization org, WorkItemRecord item)
        {
            var actual = FieldText(item, Field);
            var expected = Value.Text;
            if (EmulatedOrganization.IdentityFields.Contains(Field) && Operator is "=" or "<>")
            {
                // Identities match by email, principal name, "Name <email>" or a unique display name.
                expected = org.ResolveUser(expected)?.UniqueName ?? expected;
            }

            return Operator switch
            {
                "=" => ValueComparer.Instance.Compare(actual ?? string.Empty, expected) == 0 && actual is not null,
                "<>" => actual is null || ValueComparer.Instance.Compare(actual, expected) != 0,
                "<" => actual is not null && ValueComparer.Instance.Compare(actual, expected) < 0,
                "<=" => actual is not null && ValueComparer.Instance.Compare(actual, expected) <= 0,
                ">" => actual is not null && ValueComparer.Instance.Compare(actual, expected) > 0,
                ">=" => actual is not null && ValueComparer.Instance.Compare(actual, expected) >= 0,
                "CONTAINS" => Contains(actual, expected),
                "NOT CONTAINS" => !Contains(actual, expected),
                _ => false,
            };
        }

        private bool Contains(string? actual, string expected)
        {
            if (actual is null)
            {
                return false;
            }

            // On tags, CONTAINS means "has this tag".
            return string.Equals(Field, EmulatedOrganization.Tags, StringComparison.OrdinalIgnoreCase)
                ? actual.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Contains(expected, StringComparer.OrdinalIgnoreCase)
                : actual.Contains(expected, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>Compares as numbers when both are numbers, as dates when both are dates, else as text ignoring case.</summary>
    private sealed class ValueComparer : IComparer<string>
    {
        public static readonly ValueComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            if (double.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out var a) && double.TryParse(y, NumberStyles.Float, CultureInfo.InvariantCulture, out var b))
            {
                return a.CompareTo(b);
            }

            if (DateTimeOffset.TryParse(x, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d1)
                && DateTimeOffset.TryParse(y, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d2))
            {
                return d1.CompareTo(d2);
            }

            return string.Compare(x, y, StringComparison.OrdinalIgnoreCase);
        }
    }

    private sealed class TokenReader(List<Token> tokens)
    {
        private int _position;

        public bool AtEnd => _position >= tokens.Count;

        public Token Next() => AtEnd ? throw Syntax("an unexpected end") : tokens[_position++];

        public void ExpectWord(string word)
        {
            if (!TryWord(word))
            {
                throw Syntax($"no {word} where one is needed");
            }
        }

        public bool TryWord(string word)
        {
            if (!AtEnd && tokens[_position].Kind == TokenKind.Word && string.Equals(tokens[_position].Text, word, StringComparison.OrdinalIgnoreCase))
            {
                _position++;
                return true;
            }

            return false;
        }

        public bool TrySymbol(string symbol)
        {
            if (!AtEnd && tokens[_position].Kind == TokenKind.Symbol && tokens[_position].Text == symbol)
            {
                _position++;
                return true;
            }

            return false;
        }

        public string ExpectField()
        {
            var token = Next();
            return token.Kind == TokenKind.Field && token.Text.Length > 0 ? token.Text : throw Syntax($"'{token.Text}' where a [Field] is needed");
        }

        public Condition ReadCondition()
        {
            var field = ExpectField();
            string op;
            if (TryWord("CONTAINS"))
            {
                op = "CONTAINS";
            }
            else if (TryWord("NOT"))
            {
                ExpectWord("CONTAINS");
                op = "NOT CONTAINS";
            }
            else
            {
                var token = Next();
                op = token.Kind == TokenKind.Symbol && token.Text is "=" or "<>" or "<" or "<=" or ">" or ">=" ? token.Text : throw Syntax($"'{token.Text}' where an operator is needed");
            }

            var value = Next();
            var operand = value.Kind switch
            {
                TokenKind.String or TokenKind.Number => new Operand(value.Text, null),
                TokenKind.Word when value.Text.StartsWith('@') => new Operand(string.Empty, value.Text),
                _ => throw Syntax($"'{value.Text}' where a value is needed"),
            };
            return new Condition(field, op, operand);
        }
    }
}
