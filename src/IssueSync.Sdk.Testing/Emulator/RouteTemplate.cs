namespace IssueSync.Sdk.Testing.Emulator;

/// <summary>
/// A path template of literal segments (compared ignoring case), <c>{name}</c> (any one segment) and
/// <c>${name}</c> (one segment that starts with <c>$</c>, captured without it). The endpoint table and the
/// fault rules match paths with it.
/// </summary>
internal sealed class RouteTemplate
{
    private readonly string[] _segments;

    public RouteTemplate(string pattern)
    {
        _segments = pattern.Split('/');
    }

    /// <summary>
    /// Reads a template a test wrote: leading, trailing and doubled <c>/</c> are ignored, literal segments are
    /// unescaped, and a <c>{</c> or <c>}</c> anywhere but around a whole segment is refused.
    /// </summary>
    /// <exception cref="ArgumentException">The template is empty, has a query, or misplaces a brace.</exception>
    public static RouteTemplate Parse(string template, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(template, parameterName);
        if (template.Contains('?', StringComparison.Ordinal) || template.Contains('#', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The path '{template}' has a query or a fragment; give the path alone (matching ignores the query).", parameterName);
        }

        var segments = template.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (segments.Length == 0)
        {
            throw new ArgumentException("The path has no segment.", parameterName);
        }

        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var inner = segment.StartsWith("${", StringComparison.Ordinal) ? segment[1..] : segment;
            var isParameter = inner.Length > 2 && inner[0] == '{' && inner[^1] == '}';
            var braces = isParameter ? inner[1..^1] : segment;
            if (braces.AsSpan().IndexOfAny('{', '}') >= 0)
            {
                throw new ArgumentException($"The segment '{segment}' of '{template}' is neither a literal nor a whole {{name}} or ${{name}}.", parameterName);
            }

            segments[i] = isParameter ? segment : Uri.UnescapeDataString(segment);
        }

        return new RouteTemplate(string.Join('/', segments));
    }

    /// <summary>Whether <paramref name="segments"/> (unescaped) match; fills <paramref name="values"/> with the captures when given.</summary>
    public bool Matches(IReadOnlyList<string> segments, Dictionary<string, string>? values)
    {
        if (segments.Count != _segments.Length)
        {
            return false;
        }

        for (var i = 0; i < _segments.Length; i++)
        {
            var pattern = _segments[i];
            var segment = segments[i];
            if (pattern.StartsWith("${", StringComparison.Ordinal))
            {
                if (!segment.StartsWith('$') || segment.Length < 2)
                {
                    return false;
                }

                values?[pattern[2..^1]] = segment[1..];
            }
            else if (pattern.StartsWith('{'))
            {
                values?[pattern[1..^1]] = segment;
            }
            else if (!string.Equals(pattern, segment, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}
