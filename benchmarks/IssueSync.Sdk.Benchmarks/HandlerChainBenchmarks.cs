using System.Net;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using Microsoft.Extensions.DependencyInjection;

namespace IssueSync.Sdk.Benchmarks;

/// <summary>
/// One work item read through the SDK's full chain (factory client, retry and timeout policy,
/// pacing, authentication, request classification, JSON read into a <c>WorkItem</c>) against a
/// bare <see cref="HttpClient"/> sending the same GET and reading the body as a string; both over
/// the same in-memory terminal handler (no sockets). Logging, tracing and metrics have no
/// listener, as in a host that did not turn them on. Goal: the SDK call at most 3 µs and 2 KB
/// above the bare client per request.
/// </summary>
[MemoryDiagnoser]
public class HandlerChainBenchmarks
{
    private const string Organization = "https://dev.azure.com/fabrikam/";
    private const string WorkItemUrl = Organization + "_apis/wit/workitems/4821";

    private static readonly byte[] WorkItemJson = Encoding.UTF8.GetBytes(
        """{"id":4821,"rev":17,"fields":{"System.Title":"NullReferenceException in CheckoutController.Submit","System.State":"Active","System.WorkItemType":"Bug"},"url":"https://dev.azure.com/fabrikam/_apis/wit/workItems/4821"}""");

    private ServiceProvider? _services;
    private ServiceProvider? _servicesWithoutPolicy;
    private IVstsClient? _client;
    private IVstsClient? _clientWithoutPolicy;
    private HttpClient? _bare;

    [GlobalSetup]
    public void Setup()
    {
        (_services, _client) = CreateSdkClient();
        _bare = new HttpClient(new TerminalHandler());
        (_servicesWithoutPolicy, _clientWithoutPolicy) = CreateSdkClient(static builder => builder.UseResilience(static _ => { }));
    }

    /// <summary>
    /// A client of the full DI chain over <see cref="TerminalHandler"/>, for one PAT connection;
    /// <paramref name="configure"/> adjusts the registration (resilience, logging).
    /// </summary>
    internal static (ServiceProvider Services, IVstsClient Client) CreateSdkClient(Action<IVstsIssueSyncBuilder>? configure = null)
    {
        var services = new ServiceCollection();
        var builder = services.AddVstsIssueSync(_ => { });
        builder.HttpClientBuilder.ConfigurePrimaryHttpMessageHandler(static () => new TerminalHandler());
        configure?.Invoke(builder);
        var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IVstsClientFactory>()
            .CreateClient(new VstsConnection(new Uri(Organization), VstsCredential.PersonalAccessToken("benchmark-pat")));
        return (provider, client);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bare?.Dispose();
        _services?.Dispose();
        _servicesWithoutPolicy?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public async Task<string> BareHttpClient()
    {
        using var response = await _bare!.SendAsync(new HttpRequestMessage(HttpMethod.Get, WorkItemUrl));
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>
    /// The bare client plus the same source-generated JSON read the SDK does, so the difference
    /// to <see cref="SdkWorkItemsGet"/> is the chain alone (headers, policy, pacing, auth, spans).
    /// </summary>
    [Benchmark]
    public async Task<Client.Models.WorkItem?> BareHttpClientAndModelRead()
    {
        using var response = await _bare!.SendAsync(new HttpRequestMessage(HttpMethod.Get, WorkItemUrl));
        var stream = await response.Content.ReadAsStreamAsync();
        await using (stream)
        {
            return await JsonSerializer.DeserializeAsync(stream, VstsJsonContext.Default.WorkItem);
        }
    }

    [Benchmark]
    public Task<Client.Models.WorkItem> SdkWorkItemsGet() => _client!.WorkItems.GetAsync(4821);

    /// <summary>The same call with the SDK's retry and timeout policy removed (UseResilience with nothing), to show its share.</summary>
    [Benchmark]
    public Task<Client.Models.WorkItem> SdkWorkItemsGetWithoutRetryPolicy() => _clientWithoutPolicy!.WorkItems.GetAsync(4821);

    /// <summary>Answers every request with the same small work item, synchronously.</summary>
    internal sealed class TerminalHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new ByteArrayContent(WorkItemJson);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }
}
