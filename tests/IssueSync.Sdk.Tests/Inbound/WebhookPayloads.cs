using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;

namespace IssueSync.Sdk.Tests.Inbound;

/// <summary>
/// The service-hook payload corpus in <c>Inbound/Payloads/*.json</c> (publisher <c>tfs</c>, <c>resourceVersion</c> 1.0),
/// embedded by bare file name. Every file describes the same organization, project, subscription and work item, so a
/// test can pair any of them with one installation; only event ids, notification ids and revisions differ.
/// </summary>
internal static class WebhookPayloads
{
    /// <summary><c>resourceContainers.collection.id</c>: the organization, as the inbound handler must key it.</summary>
    public const string CollectionId = "6a4f2d1e-93b7-4c58-8e0a-1f2b3c4d5e6f";

    /// <summary><c>resourceContainers.account.id</c>: the same organization, so the same id (as the emulator sends it).</summary>
    public const string AccountId = CollectionId;

    /// <summary><c>resourceContainers.project.id</c>.</summary>
    public const string ProjectId = "3c9e7b52-0d41-4f6a-b8e3-a7d1c2e4f5b6";

    /// <summary><c>System.TeamProject</c> and <c>System.AreaPath</c> of the work item.</summary>
    public const string ProjectName = "Fabrikam-Fiber";

    /// <summary>The envelope's <c>subscriptionId</c>.</summary>
    public const string SubscriptionId = "d2b8e6f1-4a3c-4e9d-8b7a-5c6d7e8f9a0b";

    /// <summary>The work item: <c>resource.workItemId</c> and <c>resource.revision.id</c> in updates, <c>resource.id</c> otherwise.</summary>
    public const int WorkItemId = 1729;

    /// <summary><c>resource.revisedBy.id</c> of every update that names its author ("lauryn &lt;lauryn@sentry.io&gt;").</summary>
    public const string RevisedById = "8b1c2d3e-4f50-4617-a283-94a5b6c7d8e9";

    /// <summary>Every <c>baseUrl</c>, except in <c>updated-legacy-baseurl.json</c>.</summary>
    public const string BaseUrl = "https://dev.azure.com/fabrikam/";

    /// <summary>Every <c>baseUrl</c> in <c>updated-legacy-baseurl.json</c>: the organization's legacy primary URL.</summary>
    public const string LegacyBaseUrl = "https://fabrikam.visualstudio.com/";

    /// <summary>The benchmark's payload: about 4 KB, compact like a delivery, <c>resourceContainers</c> last.</summary>
    public const string Benchmark = "updated-4kb.json";

    private static readonly Assembly Corpus = typeof(WebhookPayloads).Assembly;

    /// <summary>The names of all corpus files, in ordinal order.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [.. Corpus.GetManifestResourceNames().Where(n => n.EndsWith(".json", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    /// <summary>The bytes of a corpus file, as delivered; <paramref name="name"/> is its file name, e.g. <c>"updated-4kb.json"</c>.</summary>
    public static byte[] Load(string name)
    {
        using var stream = Corpus.GetManifestResourceStream(name)
            ?? throw new ArgumentException($"No webhook payload '{name}'. The corpus holds: {string.Join(", ", Names)}.", nameof(name));
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>A corpus file parsed for reading.</summary>
    public static JsonObject Parse(string name) => JsonNode.Parse(Load(name))!.AsObject();

    /// <summary>A mutable copy of a corpus file, to derive a variant without a new file.</summary>
    public static WebhookPayloadBuilder Edit(string name) => new(Parse(name));

    /// <summary>An IdentityRef object <c>{displayName, uniqueName, id, descriptor, url, imageUrl}</c>, as newer resource versions show a user.</summary>
    public static JsonObject Identity(string displayName, string email, string id) => new()
    {
        ["displayName"] = displayName,
        ["uniqueName"] = email,
        ["id"] = id,
        ["descriptor"] = "aad." + Convert.ToBase64String(Encoding.UTF8.GetBytes(id)).TrimEnd('='),
        ["url"] = $"{BaseUrl}_apis/Identities/{id}",
        ["imageUrl"] = $"{BaseUrl}_api/_common/identityImage?id={id}",
    };
}
