using System.Diagnostics.Metrics;
using System.Net;
using IssueSync.Sdk.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace IssueSync.Sdk.Tests.Auth;

public class VstsTokenHealthTests
{
    [Fact]
    public async Task A_failed_save_is_reported_as_health_and_counted_until_a_later_save_succeeds()
    {
        var outcomes = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "IssueSync.Sdk" && instrument.Name == "issuesync.sdk.token.refreshes")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "outcome")
                {
                    lock (outcomes)
                    {
                        outcomes.Add((string)tag.Value!);
                    }
                }
            }
        });
        listener.Start();

        using var kit = new AuthTestKit();
        var health = kit.Harness.Services.GetRequiredService<IVstsTokenHealth>();
        kit.Store.Put(kit.Tokens("access-OLD", "refresh-OLD", TimeSpan.FromMinutes(-1)));
        var failing = true;
        kit.Store.BeforeSave = _ => failing ? throw new InvalidOperationException("database is down") : true;
        kit.WhenTokenEndpoint();
        kit.WhenApi("access-NEW");
        Assert.Empty(health.GetUnsavedTokenSets());

        Assert.Equal(HttpStatusCode.OK, await kit.SendAsync());

        var unsaved = Assert.Single(health.GetUnsavedTokenSets());
        Assert.Equal(AuthTestKit.IdentityId, unsaved.IdentityId);
        Assert.Equal(kit.Time.GetUtcNow(), unsaved.SaveFailingSince);
        lock (outcomes)
        {
            Assert.Contains("save_failed", outcomes);
        }

        failing = false;
        kit.Time.Advance(OAuthTokenRefresher.SaveRetryInterval + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, await kit.SendAsync());

        Assert.Empty(health.GetUnsavedTokenSets());
    }
}
