using IssueSync.Sdk.Client;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Tests.Client;

namespace IssueSync.Sdk.Tests.Issues.Outbound;

public sealed class OrganizationDirectoryCacheTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan TimeToLive = TimeSpan.FromHours(1);

    private readonly ClientTestHarness _fabrikam = new();
    private readonly ClientTestHarness _contoso = new("https://dev.azure.com/contoso/");
    private readonly TestClock _clock = new();
    private readonly List<string> _loads = [];
    private Func<IVstsClient, Task<IReadOnlyDictionary<string, string>>> _load;

    public OrganizationDirectoryCacheTests()
    {
        _load = client => Task.FromResult(Table(("alpha", "1"), ("Beta", "2")));
    }

    public void Dispose()
    {
        _fabrikam.Dispose();
        _contoso.Dispose();
    }

    [Fact]
    public async Task Keys_are_case_insensitive_tried_in_order_and_blank_ones_are_skipped_without_a_load()
    {
        var cache = NewCache();

        Assert.Null(await cache.FindAsync(_fabrikam.Client, [" ", ""], Interval, TimeToLive, CancellationToken.None));
        Assert.Empty(_loads);
        Assert.Equal("2", await cache.FindAsync(_fabrikam.Client, ["missing", " BETA ", "alpha"], Interval, TimeToLive, CancellationToken.None));
        Assert.Equal("1", await cache.FindAsync(_fabrikam.Client, ["ALPHA"], Interval, TimeToLive, CancellationToken.None));
        Assert.Single(_loads);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_load()
    {
        var gate = new TaskCompletionSource<IReadOnlyDictionary<string, string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        _load = _ => gate.Task;
        var cache = NewCache();

        var lookups = Enumerable.Range(0, 20).Select(_ => cache.FindAsync(_fabrikam.Client, ["alpha"], Interval, TimeToLive, CancellationToken.None)).ToArray();
        gate.SetResult(Table(("alpha", "1")));
        var found = await Task.WhenAll(lookups);

        Assert.All(found, v => Assert.Equal("1", v));
        Assert.Single(_loads);
    }

    [Fact]
    public async Task Each_organization_has_its_own_table()
    {
        _load = client => Task.FromResult(Table(("who", client.Target.OrganizationUrl.Host + client.Target.OrganizationUrl.AbsolutePath)));
        var cache = NewCache();

        Assert.Equal("dev.azure.com/fabrikam/", await cache.FindAsync(_fabrikam.Client, ["who"], Interval, TimeToLive, CancellationToken.None));
        Assert.Equal("dev.azure.com/contoso/", await cache.FindAsync(_contoso.Client, ["who"], Interval, TimeToLive, CancellationToken.None));
        Assert.Equal(2, _loads.Count);
    }

    [Fact]
    public async Task Misses_reload_at_most_once_per_interval_and_a_reload_finds_new_entries()
    {
        var cache = NewCache();
        Assert.Null(await cache.FindAsync(_fabrikam.Client, ["gamma"], Interval, TimeToLive, CancellationToken.None));
        _clock.Advance(Interval - TimeSpan.FromSeconds(1));
        Assert.Null(await cache.FindAsync(_fabrikam.Client, ["gamma"], Interval, TimeToLive, CancellationToken.None));
        Assert.Single(_loads);

        _load = _ => Task.FromResult(Table(("alpha", "1"), ("gamma", "3")));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("3", await cache.FindAsync(_fabrikam.Client, ["gamma"], Interval, TimeToLive, CancellationToken.None));
        Assert.Equal(2, _loads.Count);
        Assert.Null(await cache.FindAsync(_fabrikam.Client, ["beta"], Interval, TimeToLive, CancellationToken.None)); // gone since
        Assert.Equal(2, _loads.Count);
    }

    [Fact]
    public async Task A_table_past_its_time_to_live_is_loaded_again_even_on_a_hit()
    {
        var cache = NewCache();
        await cache.FindAsync(_fabrikam.Client, ["alpha"], Interval, TimeToLive, CancellationToken.None);
        _clock.Advance(TimeToLive - TimeSpan.FromSeconds(1));
        await cache.FindAsync(_fabrikam.Client, ["alpha"], Interval, TimeToLive, CancellationToken.None);
        Assert.Single(_loads);

        _load = _ => Task.FromResult(Table(("alpha", "renamed")));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("renamed", await cache.FindAsync(_fabrikam.Client, ["alpha"], Interval, TimeToLive, CancellationToken.None));
        Assert.Equal(2, _loads.Count);
    }

    [Fact]
    public async Task An_aged_table_whose_reload_fails_is_still_used_and_the_next_reload_waits_the_interval()
    {
        var cache = NewCache();
        await cache.FindAsync(_fabrikam.Client, ["alpha"], Interval, TimeToLive, CancellationToken.None);
        _load = _ => Task.FromException<IReadOnlyDictionary<string, string>>(new VstsApiException("down", VstsErrorKind.Unavailable));
        _clock.Advance(TimeToLive);

        Assert.Equal("1", await cache.FindAsync(_fabrikam.Client, ["alpha"], Interval, TimeToLive, CancellationToken.None));
        Assert.Equal("2", await cache.FindAsync(_fabrikam.Client, ["beta", "gamma"], Interval, TimeToLive, CancellationToken.None));
        Assert.Null(await cache.FindAsync(_fabrikam.Client, ["gamma"], Interval, TimeToLive, CancellationToken.None));
        Assert.Equal(2, _loads.Count); // the failed reload, then nothing until the interval passes

        _load = _ => Task.FromResult(Table(("gamma", "3")));
        _clock.Advance(Interval);
        Assert.Equal("3", await cache.FindAsync(_fabrikam.Client, ["gamma"], Interval, TimeToLive, CancellationToken.None));
        Assert.Equal(3, _loads.Count);
    }

    [Fact]
    public async Task A_failed_first_load_is_thrown_and_not_kept()
    {
        _load = _ => Task.FromException<IReadOnlyDictionary<string, string>>(new VstsApiException("down", VstsErrorKind.Unavailable));
        var cache = NewCache();

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => cache.FindAsync(_fabrikam.Client, ["alpha"], Interval, TimeToLive, CancellationToken.None));
        Assert.Equal(VstsErrorKind.Unavailable, ex.Kind);

        _load = _ => Task.FromResult(Table(("alpha", "1")));
        Assert.Equal("1", await cache.FindAsync(_fabrikam.Client, ["alpha"], Interval, TimeToLive, CancellationToken.None));
        Assert.Equal(2, _loads.Count);
    }

    [Fact]
    public async Task A_caller_that_stops_waiting_does_not_cancel_the_shared_load()
    {
        var gate = new TaskCompletionSource<IReadOnlyDictionary<string, string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        _load = _ => gate.Task;
        var cache = NewCache();
        using var cancel = new CancellationTokenSource();

        var impatient = cache.FindAsync(_fabrikam.Client, ["alpha"], Interval, TimeToLive, cancel.Token);
        var patient = cache.FindAsync(_fabrikam.Client, ["alpha"], Interval, TimeToLive, CancellationToken.None);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient);
        gate.SetResult(Table(("alpha", "1")));

        Assert.Equal("1", await patient);
        Assert.Single(_loads);
    }

    private OrganizationDirectoryCache<string> NewCache() => new(_clock, (client, _) =>
    {
        lock (_loads)
        {
            _loads.Add(client.Target.OrganizationUrl.AbsoluteUri);
        }

        return _load(client);
    });

    private static IReadOnlyDictionary<string, string> Table(params (string Key, string Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.OrdinalIgnoreCase);
}
