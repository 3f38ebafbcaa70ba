using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace IssueSync.Sdk.Testing.Emulator;

/// <summary>One routed request: the organization, the caller, the project scope and route values, and body and query readers.</summary>
internal sealed class EmulatorCall(HttpContext http, EmulatedOrganization organization, VstsEmulatorOptions options, EmulatedUser user)
{
    public HttpContext Http { get; } = http;

    public EmulatedOrganization Organization { get; } = organization;

    public VstsEmulatorOptions Options { get; } = options;

    public EmulatedUser User { get; } = user;

    /// <summary>The project segment of the URL (name or id) when the route had one.</summary>
    public string? Project { get; set; }

    public Dictionary<string, string> Values { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string? Query(string name) => Http.Request.Query.TryGetValue(name, out var values) ? values.ToString() : null;

    public int? QueryInt(string name, int min = 0)
    {
        var text = Query(name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min
            ? value
            : throw EmulatorError.BadRequest($"The value '{text}' of the query parameter '{name}' is not valid.");
    }

    public bool QueryFlag(string name) => string.Equals(Query(name), "true", StringComparison.OrdinalIgnoreCase);

    public int IntValue(string name) =>
        int.TryParse(Values[name], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw EmulatorError.BadRequest($"The value '{Values[name]}' is not a valid {name}.");

    /// <summary>Reads the JSON body; a missing or malformed body is Azure DevOps' 400.</summary>
    public async Task<JsonNode> ReadJsonAsync()
    {
        try
        {
            var node = await JsonNode.ParseAsync(Http.Request.Body, cancellationToken: Http.RequestAborted).ConfigureAwait(false);
            return node ?? throw MissingBody();
        }
        catch (JsonException)
        {
            throw MissingBody();
        }
    }

    public async Task<JsonObject> ReadObjectAsync() => await ReadJsonAsync().ConfigureAwait(false) as JsonObject ?? throw MissingBody();

    /// <summary>Refuses a body whose media type the endpoint does not take, with Azure DevOps' 415 wording.</summary>
    public void RequireContentType(string mediaType)
    {
        var actual = Http.Request.ContentType?.Split(';')[0].Trim() ?? string.Empty;
        if (!string.Equals(actual, mediaType, StringComparison.OrdinalIgnoreCase))
        {
            throw new EmulatorError(
                415,
                $"The request indicated a Content-Type of \"{actual}\" for method type \"{Http.Request.Method}\" which is not supported. Valid content types for this method are: {mediaType}.",
                "VssRequestContentTypeNotSupportedException");
        }
    }

    private static EmulatorError MissingBody() =>
        EmulatorError.BadRequest("The request body is missing or is not valid JSON of the expected shape.");
}

/// <summary>What an endpoint answers: a status, a JSON body, and the continuation token header when there is a next page.</summary>
internal sealed record EmulatorAnswer(int StatusCode, JsonNode? Body, string? ContinuationToken = null, string? Html = null)
{
    public static EmulatorAnswer Ok(JsonNode body, string? continuationToken = null) => new(200, body, continuationToken);

    public static EmulatorAnswer List(IEnumerable<JsonNode> items, string? continuationToken = null)
    {
        var array = new JsonArray([.. items]);
        return new(200, new JsonObject { ["count"] = array.Count, ["value"] = array }, continuationToken);
    }
}
