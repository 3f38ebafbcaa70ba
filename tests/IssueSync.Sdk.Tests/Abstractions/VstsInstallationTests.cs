using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.Tests.Abstractions;

public class VstsInstallationTests
{
    [Fact]
    public void ToString_shows_the_installation_but_not_its_webhook_secrets()
    {
        var installation = new VstsInstallation
        {
            IntegrationId = "install-7",
            OrganizationId = "3fa85f64-5717-4562-b3fc-2c963f66afa6",
            OrganizationUrl = "https://dev.azure.com/fabrikam/",
            CredentialReference = "identity-12",
            WebhookSecrets = new VstsWebhookSecrets("current-secret-value", "previous-secret-value"),
            Subscriptions = [new VstsSubscriptionReference("workitem.updated", "sub-1")],
        };

        var text = installation.ToString();

        SecretAssert.DoesNotLeak(text, "current-secret-value", "previous-secret-value");
        Assert.Contains("install-7", text, StringComparison.Ordinal);
        Assert.Contains("https://dev.azure.com/fabrikam/", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_are_empty_and_sync_is_off()
    {
        var installation = new VstsInstallation { IntegrationId = "i", OrganizationId = "o", OrganizationUrl = "https://dev.azure.com/o/" };

        Assert.Empty(installation.Subscriptions);
        Assert.Empty(installation.CreateFormDefaults);
        Assert.Equal(new VstsSyncSettings(), installation.SyncSettings);
        Assert.False(installation.SyncSettings.StatusInbound || installation.SyncSettings.StatusOutbound
            || installation.SyncSettings.AssigneeInbound || installation.SyncSettings.AssigneeOutbound
            || installation.SyncSettings.Comments);
    }
}
