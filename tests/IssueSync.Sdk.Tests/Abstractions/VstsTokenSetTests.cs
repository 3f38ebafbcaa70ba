using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.Tests.Abstractions;

public class VstsTokenSetTests
{
    [Fact]
    public void ToString_shows_neither_the_access_token_nor_the_refresh_token()
    {
        var tokens = new VstsTokenSet
        {
            AccessToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.access-secret",
            RefreshToken = "0.AAAA-refresh-secret",
            ExpiresAt = new DateTimeOffset(2026, 1, 15, 13, 0, 0, TimeSpan.Zero),
            Protocol = VstsOAuthProtocol.AzureDevOpsOAuth,
            Version = 4,
        };

        var text = tokens.ToString();

        SecretAssert.DoesNotLeak(text, "access-secret", "refresh-secret");
        Assert.Contains("AzureDevOpsOAuth", text, StringComparison.Ordinal);
        Assert.Contains("2026-01-15T13:00:00", text, StringComparison.Ordinal);
        Assert.Contains("Version = 4", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_shows_when_the_access_token_was_issued_or_that_it_is_unknown()
    {
        var issued = new VstsTokenSet { AccessToken = "a", ExpiresAt = DateTimeOffset.UnixEpoch, IssuedAt = new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero) };
        var unknown = new VstsTokenSet { AccessToken = "a", ExpiresAt = DateTimeOffset.UnixEpoch };

        Assert.Contains("IssuedAt = 2026-01-15T12:00:00.0000000+00:00", issued.ToString(), StringComparison.Ordinal);
        Assert.Contains("IssuedAt = (unknown)", unknown.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_says_when_there_is_no_refresh_token()
    {
        var tokens = new VstsTokenSet { AccessToken = "a", ExpiresAt = DateTimeOffset.UnixEpoch };

        Assert.Contains("RefreshToken = (none)", tokens.ToString(), StringComparison.Ordinal);
    }
}
