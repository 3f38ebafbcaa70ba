using System.Net;
using System.Text;
using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace IssueSync.Sdk.Tests.AspNetCore;

/// <summary>
/// With the SDK's own handler the endpoint reads bodies into arrays rented from the shared pool and returns
/// them once the handler is done: a later, shorter body read into a reused array must be answered for its own
/// bytes only, one after another and concurrently.
/// </summary>
public sealed class VstsWebhookEndpointPooledBodyTests
{
    private const string UnknownOrganization = """{"type":"about:blank","title":"Unauthorized","status":401,"detail":"No installation is linked to the organization of this event.","outcome":"UnknownOrganization"}""";
    private const string NoEventType = """{"type":"about:blank","title":"Bad Request","status":400,"detail":"Not an Azure DevOps service-hook event: no eventType.","outcome":"InvalidPayload"}""";
    private const string NotJson = """{"type":"about:blank","title":"Bad Request","status":400,"detail":"Not an Azure DevOps service-hook event: the body is not JSON.","outcome":"InvalidPayload"}""";

    [Fact]
    public async Task Each_delivery_is_answered_for_its_own_body_when_buffers_are_reused()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddVstsIssueSync(_ => { })
            .AddIntegrationStore(_ => new InMemoryIntegrationStore())
            .AddGroupStore(_ => new InMemoryGroupStore());
        await using var app = builder.Build();
        app.MapVstsWebhook();
        await app.StartAsync();
        using var client = app.GetTestClient();

        // A long event of an organization no installation has, then bodies that are a prefix of it: read into the
        // long body's array, any byte past their own length would change the answer.
        var padding = new string('p', 3000);
        var longEvent = "{\"eventType\":\"workitem.updated\",\"padding\":\"" + padding + "\",\"resourceContainers\":{\"collection\":{\"id\":\"unknown-org\"}}}";
        (string Body, HttpStatusCode Status, string Answer)[] deliveries =
        [
            (longEvent, HttpStatusCode.Unauthorized, UnknownOrganization),
            ("""{"resource":{}}""", HttpStatusCode.BadRequest, NoEventType),
            (longEvent[..40], HttpStatusCode.BadRequest, NotJson),
            (longEvent, HttpStatusCode.Unauthorized, UnknownOrganization),
        ];

        foreach (var (body, status, answer) in deliveries)
        {
            await AssertAnsweredAsync(client, body, status, answer);
        }

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
        {
            var (body, status, answer) = deliveries[i % deliveries.Length];
            return AssertAnsweredAsync(client, body, status, answer);
        }));
    }

    private static async Task AssertAnsweredAsync(HttpClient client, string body, HttpStatusCode status, string answer)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) { Headers = { { "Content-Type", "application/json" } } };
        using var response = await client.PostAsync(VstsWebhookEndpointRouteBuilderExtensions.DefaultPattern, content);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(answer, await response.Content.ReadAsStringAsync());
    }
}
