using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.Tests.Abstractions;

public class VstsWebhookSecretsTests
{
    [Fact]
    public void ToString_shows_neither_the_current_nor_the_previous_secret()
    {
        var text = new VstsWebhookSecrets("current-secret-value", "previous-secret-value").ToString();

        SecretAssert.DoesNotLeak(text, "current-secret-value", "previous-secret-value");
        Assert.Contains("***", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_says_when_there_is_no_previous_secret()
    {
        Assert.Contains("Previous = (none)", new VstsWebhookSecrets("s").ToString(), StringComparison.Ordinal);
    }
}
