namespace IssueSync.Sdk.Patch;

/// <summary>JSON Pointer (RFC 6901) helpers for JSON-Patch paths.</summary>
internal static class JsonPointer
{
    /// <summary>
    /// Escapes one path segment: <c>~</c> becomes <c>~0</c> and <c>/</c> becomes <c>~1</c>, so a
    /// field reference name can never address another location.
    /// </summary>
    /// <param name="segment">The raw segment, e.g. a field reference name.</param>
    /// <returns>The escaped segment (the same instance when nothing needs escaping).</returns>
    public static string EscapeSegment(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        if (segment.AsSpan().IndexOfAny('~', '/') < 0)
        {
            return segment;
        }

        return segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
    }

    /// <summary>Reverses <see cref="EscapeSegment"/>: <c>~1</c> becomes <c>/</c>, then <c>~0</c> becomes <c>~</c>.</summary>
    /// <param name="segment">An escaped segment.</param>
    /// <returns>The raw segment.</returns>
    public static string UnescapeSegment(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        if (!segment.Contains('~', StringComparison.Ordinal))
        {
            return segment;
        }

        return segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
    }
}
