using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Patch;
using Microsoft.Extensions.DependencyInjection;

namespace IssueSync.Sdk.Tests.Conventions;

/// <summary>The rules behind <see cref="LayeringTests"/>, judged on references chosen to break (or keep) each one.</summary>
public sealed class LayeringTableTests
{
    [Theory]
    [InlineData("IssueSync.Sdk", "root", 4)]
    [InlineData("IssueSync.Sdk.DependencyInjection", "DependencyInjection", 4)]
    [InlineData("IssueSync.Sdk.Abstractions", "Abstractions", 0)]
    [InlineData("IssueSync.Sdk.Client.Models", "Client.Models", 1)]
    [InlineData("IssueSync.Sdk.Client.Wire", "Client", 1)]
    [InlineData("IssueSync.Sdk.Patch", "Patch", 1)]
    [InlineData("IssueSync.Sdk.Resilience", "Resilience", 1)]
    [InlineData("IssueSync.Sdk.Sync", "Sync", 2)]
    [InlineData("IssueSync.Sdk.Inbound.Models", "Inbound", 3)]
    [InlineData("IssueSync.Sdk.Inbound.Triage", "Inbound", 3)]
    [InlineData("IssueSync.Sdk.Reconciliation", "Reconciliation", 3)]
    [InlineData("IssueSync.Sdk.Repositories", "Repositories", 3)]
    public void A_namespace_belongs_to_its_own_area_or_its_parents(string ns, string area, int floor) =>
        Assert.Equal(new LayerArea(area, floor), LayeringTable.AreaOf(ns));

    [Theory]
    [InlineData("IssueSync.Sdk.Webhooks")]
    [InlineData("IssueSync.Sdk.Webhooks.Models")]
    [InlineData("IssueSync.SdkExtras")]
    [InlineData("Microsoft.Extensions.DependencyInjection")]
    public void A_namespace_the_table_does_not_list_has_no_area(string ns) => Assert.Null(LayeringTable.AreaOf(ns));

    [Fact]
    public void The_ports_are_the_interfaces_of_Abstractions()
    {
        Assert.Contains(typeof(IIntegrationStore), LayeringTable.Ports);
        Assert.Contains(typeof(ITokenStore), LayeringTable.Ports);
        Assert.Contains(typeof(IInstallationEnumerator), LayeringTable.Ports);
        Assert.Contains(typeof(IDeliveryDedupeStore), LayeringTable.Ports);
        Assert.DoesNotContain(typeof(VstsInstallation), LayeringTable.Ports);
        Assert.DoesNotContain(typeof(IVstsClient), LayeringTable.Ports);
    }

    /// <summary>Each row: a reference from a type in the namespace to the type, and the name of the rule it breaks (null: allowed).</summary>
    public static TheoryData<string, Type, string?> References { get; } = new()
    {
        // Floor 1 uses floor 0's value types and records and each other, not the ports; Auth may use ITokenStore and ISyncLeaseStore.
        { "IssueSync.Sdk.Client", typeof(IIntegrationStore), nameof(LayeringRule.HostPortBelowSync) },
        { "IssueSync.Sdk.Diagnostics", typeof(IInstallationEnumerator), nameof(LayeringRule.HostPortBelowSync) },
        { "IssueSync.Sdk.Client", typeof(ITokenStore), nameof(LayeringRule.HostPortBelowSync) },
        { "IssueSync.Sdk.Auth", typeof(IIntegrationStore), nameof(LayeringRule.HostPortBelowSync) },
        { "IssueSync.Sdk.Auth", typeof(ITokenStore), null },
        { "IssueSync.Sdk.Auth", typeof(ISyncLeaseStore), null },
        { "IssueSync.Sdk.Client", typeof(ISyncLeaseStore), nameof(LayeringRule.HostPortBelowSync) },
        { "IssueSync.Sdk.Auth", typeof(ISyncWatermarkStore), nameof(LayeringRule.HostPortBelowSync) },
        { "IssueSync.Sdk.Client", typeof(VstsInstallation), null },
        { "IssueSync.Sdk.Client", typeof(WorkItemPatch), null },
        { "IssueSync.Sdk.Patch", typeof(IVstsClient), null },

        // Sync and floor 3 may use the ports.
        { "IssueSync.Sdk.Sync", typeof(IIntegrationStore), null },
        { "IssueSync.Sdk.Inbound", typeof(IGroupStore), null },
        { "IssueSync.Sdk.Issues", typeof(IVstsClient), null },

        // Nothing references a floor above.
        { "IssueSync.Sdk.Diagnostics", typeof(IIssueIntegration), nameof(LayeringRule.FloorAbove) },
        { "IssueSync.Sdk.Abstractions", typeof(IVstsClient), nameof(LayeringRule.FloorAbove) },
        { "IssueSync.Sdk.Sync", typeof(VstsWebhookRequest), nameof(LayeringRule.FloorAbove) },
        { "IssueSync.Sdk.Resilience", typeof(VstsIssueSyncServiceCollectionExtensions), nameof(LayeringRule.FloorAbove) },
        { "IssueSync.Sdk.DependencyInjection", typeof(VstsIssueSyncServiceCollectionExtensions), null },
        { "IssueSync.Sdk", typeof(IIssueIntegration), null },

        // Floor-3 areas never reference each other; an area's sub-namespaces are the area.
        { "IssueSync.Sdk.Inbound", typeof(IIssueIntegration), nameof(LayeringRule.Floor3Sibling) },
        { "IssueSync.Sdk.Reconciliation", typeof(IIssueIntegration), nameof(LayeringRule.Floor3Sibling) },
        { "IssueSync.Sdk.Issues", typeof(VstsWebhookRequest), nameof(LayeringRule.Floor3Sibling) },
        { "IssueSync.Sdk.Inbound.Triage", typeof(VstsWebhookRequest), null },

        // Only floor 4 references the service provider and the DI types that resolve from it.
        { "IssueSync.Sdk.Abstractions", typeof(IServiceProvider), nameof(LayeringRule.ServiceProvider) },
        { "IssueSync.Sdk.Auth", typeof(IServiceProvider), nameof(LayeringRule.ServiceProvider) },
        { "IssueSync.Sdk.Sync", typeof(IServiceProvider), nameof(LayeringRule.ServiceProvider) },
        { "IssueSync.Sdk.Subscriptions", typeof(IServiceProvider), nameof(LayeringRule.ServiceProvider) },
        { "IssueSync.Sdk.Inbound", typeof(ServiceProviderServiceExtensions), nameof(LayeringRule.ServiceProvider) },
        { "IssueSync.Sdk.Client", typeof(ActivatorUtilities), nameof(LayeringRule.ServiceProvider) },
        { "IssueSync.Sdk.Issues", typeof(IServiceProviderIsService), nameof(LayeringRule.ServiceProvider) },
        { "IssueSync.Sdk", typeof(IServiceProvider), null },
        { "IssueSync.Sdk.DependencyInjection", typeof(ActivatorUtilities), null },
        { "IssueSync.Sdk.Issues", typeof(IServiceCollection), null },
    };

    [Theory]
    [MemberData(nameof(References))]
    public void Judges_a_reference_by_the_table(string sourceNamespace, Type target, string? broken) =>
        Assert.Equal(broken, LayeringTable.Judge(sourceNamespace, target)?.Rule.ToString());

    [Fact]
    public void Says_which_area_and_why()
    {
        Assert.Equal(new LayeringViolation(LayeringRule.HostPortBelowSync, "host port"), LayeringTable.Judge("IssueSync.Sdk.Client", typeof(IIntegrationStore)));
        Assert.Equal(new LayeringViolation(LayeringRule.FloorAbove, "floor 3 Issues: a floor above"), LayeringTable.Judge("IssueSync.Sdk.Diagnostics", typeof(IIssueIntegration)));
        Assert.Equal(new LayeringViolation(LayeringRule.Floor3Sibling, "floor 3 Issues: floor-3 areas never reference each other"), LayeringTable.Judge("IssueSync.Sdk.Inbound", typeof(IIssueIntegration)));
        Assert.Equal(new LayeringViolation(LayeringRule.ServiceProvider, "service provider: only floor 4 may"), LayeringTable.Judge("IssueSync.Sdk.Auth", typeof(IServiceProvider)));
    }
}
