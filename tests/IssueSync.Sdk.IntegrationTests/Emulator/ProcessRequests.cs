using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using IssueSync.Sdk.Testing;

namespace IssueSync.Sdk.IntegrationTests.Emulator;

/// <summary>Raw REST calls for the process tests: the status and the JSON body the emulator answered.</summary>
internal static class ProcessRequests
{
    public static async Task<(HttpStatusCode Status, JsonNode? Body)> GetAsync(VstsEmulator emulator, string relative) =>
        await SendAsync(emulator, HttpMethod.Get, relative, null).ConfigureAwait(false);

    /// <summary>A JSON-Patch create (<c>POST {project}/_apis/wit/workitems/${type}</c>) or update (<c>PATCH _apis/wit/workitems/{id}</c>).</summary>
    public static async Task<(HttpStatusCode Status, JsonNode? Body)> PatchAsync(VstsEmulator emulator, HttpMethod method, string relative, JsonArray patch) =>
        await SendAsync(emulator, method, relative, patch).ConfigureAwait(false);

    public static async Task<(HttpStatusCode Status, JsonNode? Body)> CreateAsync(VstsEmulator emulator, string project, string type, params (string Path, JsonNode? Value)[] operations) =>
        await PatchAsync(emulator, HttpMethod.Post, $"{Uri.EscapeDataString(project)}/_apis/wit/workitems/${Uri.EscapeDataString(type)}?api-version=7.1", PatchOf(operations)).ConfigureAwait(false);

    public static JsonArray PatchOf(params (string Path, JsonNode? Value)[] operations) =>
        new([.. operations.Select(o => (JsonNode)new JsonObject { ["op"] = "add", ["path"] = o.Path, ["value"] = o.Value?.DeepClone() })]);

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(VstsEmulator emulator, HttpMethod method, string relative, JsonArray? patch)
    {
        using var http = new HttpClient();
        using var request = RawRequests.Authorized(emulator, method, relative);
        if (patch is not null)
        {
            request.Content = new StringContent(patch.ToJsonString(), Encoding.UTF8, "application/json-patch+json");
        }

        using var response = await http.SendAsync(request, CancellationToken.None).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(CancellationToken.None).ConfigureAwait(false);
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }
}
