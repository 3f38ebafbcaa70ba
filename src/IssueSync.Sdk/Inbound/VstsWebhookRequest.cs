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

        var copy = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            if (!string.IsNullOrEmpty(name))
            {
                copy.TryAdd(name, value);
            }
        }

        Headers = copy;
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
