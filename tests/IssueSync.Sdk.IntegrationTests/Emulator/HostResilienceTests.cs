using System.Collections.Concurrent;
using System.Net;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Patch;
using IssueSync.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IssueSync.Sdk.IntegrationTests.Emulator;

/// <summary>A host that replaces the SDK's retry policy reads each request's marks, as a host would (no internals).</summary>
public class HostResilienceTests
{
    [Fact]
    public async Task A_replacement_policy_sees_the_operation_and_resends_only_what_is_idempotent()
    {
        var seen = new ConcurrentQueue<(string? Operation, bool Idempotent)>();
        await using var harness = await SdkHarness.StartAsync(configureBuilder: builder =>
            builder.UseResilience(http => http.AddHttpMessageHandler(() => new RetryIdempotentOnce(seen))));
        harness.Emulator.AddFault(new FaultRule { Method = HttpMethod.Get, Path = "_apis/projects", Fault = EmulatorFault.Status(500), Times = 1 });
        harness.Emulator.AddFault(new FaultRule { Method = HttpMethod.Post, Path = "{project}/_apis/wit/workitems/${type}", Fault = EmulatorFault.Status(500), Times = 1 });

        var projects = new List<string>();
        await foreach (var project in harness.Client.Projects.ListAsync(cancellationToken: default))
        {
            projects.Add(project.Name);
        }

        var create = WorkItemPatch.ForCreate(new WorkItemCreateFields { Title = "Crash" });
        var failed = await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.WorkItems.CreateAsync("Project 1", "Bug", create, cancellationToken: default));

        Assert.Contains("Project 1", projects);
        Assert.Equal([("Projects.List", true), ("Projects.List", true), ("WorkItems.Create", false)], seen);
        Assert.Equal((VstsErrorKind.Server, HttpStatusCode.InternalServerError), (failed.Kind, failed.StatusCode));
        Assert.Single(harness.RequestsTo("Project%201/_apis/wit/workitems"));
        Assert.Null(harness.Organization.GetWorkItem(1));
    }

    [Fact]
    public void A_request_the_sdk_did_not_send_carries_no_marks()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://dev.azure.com/fabrikam/_apis/projects");

        Assert.False(request.IsVstsIdempotent());
        Assert.Null(request.GetVstsOperation());
        Assert.Throws<ArgumentNullException>(() => ((HttpRequestMessage)null!).IsVstsIdempotent());
        Assert.Throws<ArgumentNullException>(() => ((HttpRequestMessage)null!).GetVstsOperation());
    }

    /// <summary>A deliberately small host policy: one resend after a server error, for idempotent requests only.</summary>
    private sealed class RetryIdempotentOnce(ConcurrentQueue<(string? Operation, bool Idempotent)> seen) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            seen.Enqueue((request.GetVstsOperation(), request.IsVstsIdempotent()));
            var response = await base.SendAsync(request, cancellationToken);
            if ((int)response.StatusCode < 500 || !request.IsVstsIdempotent())
            {
                return response;
            }

            response.Dispose();
            seen.Enqueue((request.GetVstsOperation(), request.IsVstsIdempotent()));
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
