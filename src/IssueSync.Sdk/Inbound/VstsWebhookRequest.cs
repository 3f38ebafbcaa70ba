namespace IssueSync.Sdk.Inbound;

/// <summary>
/// One webhook delivery as the inbound handler sees it: the request headers and the raw body bytes.
/// No ASP.NET Core type, so any web stack (or a queue consumer) can build one.
/// </summary>
public sealed class VstsWebhookRequest
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates a request.</summary>
    /// <param name="body">The body exactly as received (UTF-8 JSON). Not copied: do not change it while the handler runs.</param>
    /// <param name="headers">The request headers; names compare case-insensitively. A header sent several times keeps its first value.</param>
    public VstsWebhookRequest(ReadOnlyMemory<byte> body, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        Body = body;
        if (headers is null)
        {
            Headers = NoHeaders;
            return;
        }

        var copy = NewHeaders(headers.TryGetNonEnumeratedCount(out var count) ? count : 0);
        foreach (var (name, value) in headers)
        {
            AddHeader(copy, name, value);
        }

        Headers = copy;
    }

    /// <summary>A request over headers the caller collected with <see cref="NewHeaders"/> and <see cref="AddHeader"/> (the ASP.NET Core endpoint, without an enumerator of pairs).</summary>
    internal VstsWebhookRequest(ReadOnlyMemory<byte> body, Dictionary<string, string> headers)
    {
        Body = body;
        Headers = headers;
    }

    /// <summary>An empty header set with room for <paramref name="capacity"/> names, compared case-insensitively.</summary>
    internal static Dictionary<string, string> NewHeaders(int capacity) => new(capacity, StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds a header unless it has no name or was added before (the first value is kept).</summary>
    internal static void AddHeader(Dictionary<string, string> headers, string name, string value)
    {
        if (!string.IsNullOrEmpty(name))
        {
            headers.TryAdd(name, value);
        }
    }

    /// <summary>The raw body.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The headers, case-insensitive by name.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>Reads a header.</summary>
    /// <param name="name">The header name, any case.</param>
    /// <returns>The value, or <see langword="null"/> when absent.</returns>
    public string? GetHeader(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>Describes the request without header values (they may carry the shared secret).</summary>
    /// <returns>A description.</returns>
    public override string ToString() => $"VstsWebhookRequest {{ Body = {Body.Length} bytes, Headers = [{string.Join(", ", Headers.Keys)}] }}";
}
