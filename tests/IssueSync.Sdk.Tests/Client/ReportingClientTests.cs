using System.Net;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Tests.Client;

public sealed class ReportingClientTests : IDisposable
{
    private const string ApiVersion = "7.1";
    private const string Operation = "Reporting.ReadRevisions";
    private const string RevisionsUrl = "https://dev.azure.com/fabrikam/_apis/wit/reporting/workitemrevisions";

    private readonly AreaTestHarnessB _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task ReadRevisionsAsync_starts_at_the_date_then_follows_each_token_until_the_last_batch()
    {
        var first = RevisionsUrl + "?startDateTime=2026-11-30T10%3A00%3A00.000Z&fields=System.Id%2CSystem.State%2CSystem.AssignedTo&includeIdentityRef=true&includeDeleted=true&$maxPageSize=2";
        var second = RevisionsUrl + "?continuationToken=w%3B17&fields=System.Id%2CSystem.State%2CSystem.AssignedTo&includeIdentityRef=true&includeDeleted=true&$maxPageSize=2";
        var third = RevisionsUrl + "?continuationToken=w%3B19&fields=System.Id%2CSystem.State%2CSystem.AssignedTo&includeIdentityRef=true&includeDeleted=true&$maxPageSize=2";
        _harness.Expect(HttpMethod.Get, first, json: BatchJson("w;17", isLast: false, (5, 1, "New"), (5, 2, "Active")));
        _harness.Expect(HttpMethod.Get, second, json: BatchJson("w;19", isLast: false, (6, 1, "New"), (5, 3, "Resolved")));
        _harness.Expect(HttpMethod.Get, third, json: BatchJson("w;19", isLast: true));

        var pages = await ToListAsync(_harness.Client.Reporting.ReadRevisionsAsync(new ReportingRevisionsQuery
        {
            StartDateTime = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.FromHours(2)),
            Fields = ["System.Id", "System.State", "System.AssignedTo"],
            IncludeDeleted = true,
            MaxPageSize = 2,
        }));

        _harness.AssertSent(0, HttpMethod.Get, first, ApiVersion, Operation, idempotent: true);
        _harness.AssertSent(1, HttpMethod.Get, second, ApiVersion, Operation, idempotent: true);
        _harness.AssertSent(2, HttpMethod.Get, third, ApiVersion, Operation, idempotent: true);
        _harness.VerifyAll(3);
        Assert.Equal(3, pages.Count);
        Assert.Equal(["w;17", "w;19", "w;19"], pages.Select(p => p.ContinuationToken));
        Assert.Equal([false, false, true], pages.Select(p => p.IsLastBatch));
        Assert.Equal([(5, 1), (5, 2)], pages[0].Revisions.Select(r => (r.Id, r.Revision)));
        Assert.Equal("Resolved", pages[1].Revisions[1].State?.Value);
        Assert.Equal("fabrikamfiber4@hotmail.com", pages[1].Revisions[1].AssignedTo?.Email);
        Assert.Empty(pages[2].Revisions);
    }

    [Fact]
    public async Task ReadRevisionsAsync_with_a_token_sends_it_without_a_start_date_and_only_the_identity_flag_by_default()
    {
        var url = RevisionsUrl + "?continuationToken=abc&includeIdentityRef=true";
        _harness.Expect(HttpMethod.Get, url, json: BatchJson("def", isLast: true, (9, 4, "Closed")));

        var pages = await ToListAsync(_harness.Client.Reporting.ReadRevisionsAsync(new ReportingRevisionsQuery
        {
            ContinuationToken = "abc",
            StartDateTime = DateTimeOffset.UnixEpoch,
        }));

        _harness.AssertSent(0, HttpMethod.Get, url, ApiVersion, Operation, idempotent: true);
        _harness.VerifyAll(1);
        var page = Assert.Single(pages);
        Assert.Equal("def", page.ContinuationToken);
        Assert.True(page.IsLastBatch);
        Assert.Equal(9, Assert.Single(page.Revisions).Id);
    }

    [Fact]
    public async Task ReadRevisionsAsync_stops_with_InvalidResponse_when_a_batch_that_is_not_the_last_repeats_the_token()
    {
        _harness.Expect(HttpMethod.Get, RevisionsUrl + "?continuationToken=same&includeIdentityRef=true", json: BatchJson("same", isLast: false, (1, 1, "New")));

        var error = await Assert.ThrowsAsync<VstsApiException>(() => ToListAsync(_harness.Client.Reporting.ReadRevisionsAsync(new ReportingRevisionsQuery { ContinuationToken = "same" })));

        Assert.Equal(VstsErrorKind.InvalidResponse, error.Kind);
        Assert.Equal(Operation, error.Operation);
        _harness.VerifyAll(1);
    }

    [Fact]
    public async Task ReadRevisionsAsync_surfaces_a_failed_batch_as_a_VstsApiException()
    {
        _harness.Expect(HttpMethod.Get, RevisionsUrl + "?includeIdentityRef=true", HttpStatusCode.Forbidden, AreaTestHarnessB.ErrorJson("TF400813: not authorized.", "UnauthorizedRequestException"));

        var error = await Assert.ThrowsAsync<VstsApiException>(() => ToListAsync(_harness.Client.Reporting.ReadRevisionsAsync(new ReportingRevisionsQuery())));

        Assert.Equal(VstsErrorKind.Forbidden, error.Kind);
        _harness.VerifyAll(1);
    }

    [Fact]
    public void ReadRevisionsAsync_rejects_a_page_size_below_one_at_the_call()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _harness.Client.Reporting.ReadRevisionsAsync(new ReportingRevisionsQuery { MaxPageSize = 0 }));
        Assert.Throws<ArgumentNullException>(() => _harness.Client.Reporting.ReadRevisionsAsync(null!));
        _harness.VerifyAll(0);
    }

    private static string BatchJson(string token, bool isLast, params (int Id, int Rev, string State)[] revisions)
    {
        var values = string.Join(",", revisions.Select(r =>
            "{\"id\":" + r.Id + ",\"rev\":" + r.Rev + ",\"fields\":{\"System.Id\":" + r.Id + ",\"System.State\":\"" + r.State + "\","
            + "\"System.AssignedTo\":{\"displayName\":\"Jamal Hartnett\",\"uniqueName\":\"fabrikamfiber4@hotmail.com\",\"id\":\"d6245f20-2af8-44f4-9451-8107cb2767db\"}}}"));
        return $$"""{"values":[{{values}}],"nextLink":"https://dev.azure.com/fabrikam/_apis/wit/reporting/workItemRevisions?continuationToken={{token}}&api-version=7.1","continuationToken":"{{token}}","isLastBatch":{{(isLast ? "true" : "false")}}}""";
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }
}
