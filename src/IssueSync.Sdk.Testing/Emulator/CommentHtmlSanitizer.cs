using System.Collections.Frozen;
using System.Net;
using System.Text;

namespace IssueSync.Sdk.Testing.Emulator;

/// <summary>
/// Cleans comment HTML as Azure DevOps does before it stores it: HTML comments, <c>&lt;!…&gt;</c> and
/// <c>&lt;?…&gt;</c> declarations go; <c>script</c> and <c>style</c> elements go with their content; tags
/// outside a list of common formatting tags go but their text stays; allowed tags keep only their allowed
/// attributes (so every <c>data-*</c> and <c>on*</c> attribute goes), and a link or image keeps its URL only
/// when it is relative or http(s) (links also mailto). A <c>&lt;</c> that starts no tag is kept as text,
/// written <c>&amp;lt;</c>. A small tokenizer, not a parser: it does not balance or nest tags.
/// </summary>
internal static class CommentHtmlSanitizer
{
    private static readonly FrozenDictionary<string, string[]> AllowedTags = new Dictionary<string, string[]>
    {
        ["a"] = ["href"],
        ["img"] = ["src", "alt"],
        ["td"] = ["colspan", "rowspan"],
        ["th"] = ["colspan", "rowspan"],
        ["p"] = [], ["br"] = [], ["b"] = [], ["strong"] = [], ["i"] = [], ["em"] = [], ["u"] = [], ["s"] = [],
        ["ul"] = [], ["ol"] = [], ["li"] = [], ["code"] = [], ["pre"] = [], ["blockquote"] = [],
        ["h1"] = [], ["h2"] = [], ["h3"] = [], ["h4"] = [], ["h5"] = [], ["h6"] = [],
        ["table"] = [], ["thead"] = [], ["tbody"] = [], ["tr"] = [], ["div"] = [], ["span"] = [], ["hr"] = [],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenSet<string> RemovedWithContent = FrozenSet.ToFrozenSet(["script", "style"], StringComparer.Ordinal);

    public static string Sanitize(string html)
    {
        var output = new StringBuilder(html.Length);
        var at = 0;
        while (at < html.Length)
        {
            var open = html.IndexOf('<', at);
            if (open < 0)
            {
                output.Append(html, at, html.Length - at);
                break;
            }

            output.Append(html, at, open - at);
            at = ReadMarkup(html, open, output);
        }

        return output.ToString();
    }

    /// <summary>Reads the markup that starts at <paramref name="open"/> (a <c>&lt;</c>), writes what survives, and returns where the text goes on.</summary>
    private static int ReadMarkup(string html, int open, StringBuilder output)
    {
        if (html.AsSpan(open).StartsWith("<!--", StringComparison.Ordinal))
        {
            // "-->" searched from the first dash also ends the abrupt forms "<!-->" and "<!--->", as browsers end them.
            var close = html.IndexOf("-->", open + 2, StringComparison.Ordinal);
            return close < 0 ? html.Length : close + 3;
        }

        var next = open + 1 < html.Length ? html[open + 1] : '\0';
        if (next is '!' or '?')
        {
            var close = html.IndexOf('>', open);
            return close < 0 ? html.Length : close + 1;
        }

        if (next == '/' && open + 2 < html.Length && char.IsAsciiLetter(html[open + 2]))
        {
            var close = html.IndexOf('>', open);
            if (close < 0)
            {
                return Text(output, open);
            }

            var name = ReadName(html, open + 2).ToLowerInvariant();
            if (AllowedTags.ContainsKey(name))
            {
                output.Append("</").Append(name).Append('>');
            }

            return close + 1;
        }

        return char.IsAsciiLetter(next) ? ReadStartTag(html, open, output) : Text(output, open);
    }

    private static int ReadStartTag(string html, int open, StringBuilder output)
    {
        var name = ReadName(html, open + 1);
        var at = open + 1 + name.Length;
        name = name.ToLowerInvariant();
        var attributes = new List<(string Name, string Value)>();
        var selfClosing = false;
        while (true)
        {
            while (at < html.Length && (char.IsWhiteSpace(html[at]) || html[at] == '/'))
            {
                selfClosing = html[at] == '/';
                at++;
            }

            if (at >= html.Length)
            {
                return Text(output, open); // never closed: not a tag
            }

            if (html[at] == '>')
            {
                break;
            }

            selfClosing = false;
            var nameStart = at;
            while (at < html.Length && !char.IsWhiteSpace(html[at]) && html[at] is not ('=' or '>' or '/'))
            {
                at++;
            }

            var attribute = html[nameStart..at].ToLowerInvariant();
            var value = string.Empty;
            var afterName = SkipWhiteSpace(html, at);
            if (afterName < html.Length && html[afterName] == '=')
            {
                at = SkipWhiteSpace(html, afterName + 1);
                if (at < html.Length && html[at] is '"' or '\'')
                {
                    var quote = html[at];
                    var end = html.IndexOf(quote, at + 1);
                    if (end < 0)
                    {
                        return Text(output, open);
                    }

                    value = html[(at + 1)..end];
                    at = end + 1;
                }
                else
                {
                    var start = at;
                    while (at < html.Length && !char.IsWhiteSpace(html[at]) && html[at] != '>')
                    {
                        at++;
                    }

                    value = html[start..at];
                }
            }

            attributes.Add((attribute, value));
        }

        var afterTag = at + 1;
        if (RemovedWithContent.Contains(name))
        {
            return SkipElementContent(html, name, afterTag);
        }

        if (AllowedTags.TryGetValue(name, out var allowed))
        {
            output.Append('<').Append(name);
            foreach (var (attribute, value) in attributes)
            {
                if (allowed.Contains(attribute) && (attribute is not ("href" or "src") || IsSafeUrl(value, allowMailto: attribute == "href")))
                {
                    output.Append(' ').Append(attribute).Append("=\"").Append(value.Replace("\"", "&quot;", StringComparison.Ordinal)).Append('"');
                }
            }

            output.Append(selfClosing ? " />" : ">");
        }

        return afterTag;
    }

    /// <summary>Skips a script or style element's raw text up to and including its end tag (or to the end).</summary>
    private static int SkipElementContent(string html, string name, int from)
    {
        var at = from;
        while (true)
        {
            var close = html.IndexOf("</" + name, at, StringComparison.OrdinalIgnoreCase);
            if (close < 0)
            {
                return html.Length;
            }

            var after = close + 2 + name.Length;
            if (after >= html.Length || char.IsWhiteSpace(html[after]) || html[after] is '>' or '/')
            {
                var end = html.IndexOf('>', after);
                return end < 0 ? html.Length : end + 1;
            }

            at = after; // e.g. "</scripts": not the end tag
        }
    }

    /// <summary>Relative URLs, and absolute ones with http, https (or, for links, mailto); entity- or space-hidden schemes count.</summary>
    private static bool IsSafeUrl(string value, bool allowMailto)
    {
        var decoded = new string([.. WebUtility.HtmlDecode(value).Where(c => c > ' ')]);
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        var firstDelimiter = decoded.AsSpan().IndexOfAny('/', '?', '#');
        if (colon < 0 || (firstDelimiter >= 0 && firstDelimiter < colon))
        {
            return true; // relative: no scheme
        }

        var scheme = decoded[..colon];
        return scheme.Equals("http", StringComparison.OrdinalIgnoreCase)
            || scheme.Equals("https", StringComparison.OrdinalIgnoreCase)
            || (allowMailto && scheme.Equals("mailto", StringComparison.OrdinalIgnoreCase));
    }

    private static string ReadName(string html, int from)
    {
        var at = from;
        while (at < html.Length && (char.IsAsciiLetterOrDigit(html[at]) || html[at] == '-'))
        {
            at++;
        }

        return html[from..at];
    }

    private static int SkipWhiteSpace(string html, int from)
    {
        while (from < html.Length && char.IsWhiteSpace(html[from]))
        {
            from++;
        }

        return from;
    }

    /// <summary>A <c>&lt;</c> that starts no tag: kept as text.</summary>
    private static int Text(StringBuilder output, int open)
    {
        output.Append("&lt;");
        return open + 1;
    }
}
