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

    [Fact]
    public void Floor_1_may_use_the_value_types_of_floor_0_and_each_other_but_not_the_ports()
    {
        Assert.Equal(new LayeringViolation(LayeringRule.HostPortBelowSync, "host port"), LayeringTable.Judge("IssueSync.Sdk.Client", typeof(IIntegrationStore)));
        Assert.Equal(LayeringRule.HostPortBelowSync, LayeringTable.Judge("IssueSync.Sdk.Diagnostics", typeof(IInstallationEnumerator))?.Rule);
        Assert.Equal(LayeringRule.HostPortBelowSync, LayeringTable.Judge("IssueSync.Sdk.Client", typeof(ITokenStore))?.Rule);
        Assert.Null(LayeringTable.Judge("IssueSync.Sdk.Auth", typeof(ITokenStore)));
        Assert.Equal(LayeringRule.HostPortBelowSync, LayeringTable.Judge("IssueSync.Sdk.Auth", typeof(IIntegrationStore))?.Rule);
        Assert.Null(LayeringTable.Judge("IssueSync.Sdk.Client", typeof(VstsInstallation)));
        Assert.Null(LayeringTable.Judge("IssueSync.Sdk.Client", typeof(WorkItemPatch)));
        Assert.Null(LayeringTable.Judge("IssueSync.Sdk.Patch", typeof(IVstsClient)));
    }

    [Fact]
    public void Sync_and_floor_3_may_use_the_ports()
    {
        Assert.Null(LayeringTable.Judge("IssueSync.Sdk.Sync", typeof(IIntegrationStore)));
        Assert.Null(LayeringTable.Judge("IssueSync.Sdk.Inbound", typeof(IGroupStore)));
        Assert.Null(LayeringTable.Judge("IssueSync.Sdk.Issues", typeof(IVstsClient)));
    }

    [Fact]
    public void Nothing_references_a_floor_above()
    {
        Assert.Equal(new LayeringViolation(LayeringRule.FloorAbove, "floor 3 Issues: a floor above"), LayeringTable.Judge("IssueSync.Sdk.Diagnostics", typeof(IIssueIntegration)));
        Assert.Equal(LayeringRule.FloorAbove, LayeringTable.Judge("IssueSync.Sdk.Abstractions", typeof(IVstsClient))?.Rule);
        Assert.Equal(LayeringRule.FloorAbove, LayeringTable.Judge("IssueSync.Sdk.Sync", typeof(VstsWebhookRequest))?.Rule);
        Assert.Equal(LayeringRule.FloorAbove, LayeringTable.Judge("IssueSync.Sdk.Resilience", typeof(VstsIssueSyncServiceCollectionExtensions))?.Rule);
        Assert.Null(LayeringTable.Judge("IssueSync.Sdk.DependencyInjection", typeof(VstsIssueSyncServiceCollectionExtensions)));
        Assert.Null(LayeringTable.Judge("IssueSync.Sdk", typeof(IIssueIntegration)));
    }

    [Fact]
    public void Floor_3_areas_never_reference_each_other_but_may_their_own_sub_namespaces()
    {
        Assert.Equal(new LayeringViolation(LayeringRule.Floor3Sibling, "floor 3 Issues: floor-3 areas never reference each other"), LayeringTable.Judge("IssueSync.Sdk.Inbound", typeof(IIssueIntegration)));
        Assert.Equal(LayeringRule.Floor3Sibling, LayeringTable.Judge("IssueSync.Sdk.Reconciliation", typeof(IIssueIntegration))?.Rule);
        Assert.Equal(LayeringRule.Floor3Sibling, LayeringTable.Judge("IssueSync.Sdk.Issues", typeof(VstsWebhookRequest))?.Rule);
        Assert.Null(LayeringTable.Judge("IssueSync.Sdk.Inbound.Triage", typeof(VstsWebhookRequest)));
    }

    [Fact]
    public void Only_floor_4_references_the_service_provider()
    {
        foreach (var ns in new[] { "IssueSync.Sdk.Abstractions", "IssueSync.Sdk.Auth", "IssueSync.Sdk.Sync", "IssueSync.Sdk.Subscriptions" })
        {
            Assert.Equal(LayeringRule.ServiceProvider, LayeringTable.Judge(ns, typeof(IServiceProvider))?.Rule);
        }

        Assert.Equal(LayeringRule.ServiceProvider, LayeringTable.Judge("IssueSync.Sdk.Inbound", typeof(ServiceProviderServiceExtensions))?.Rule);
        Assert.Equal(LayeringRule.ServiceProvider, LayeringTable.Judge("IssueSync.Sdk.Client", typeof(ActivatorUtilities))?.Rule);
        Assert.Equal(LayeringRule.ServiceProvider, LayeringTable.Judge("IssueSync.Sdk.Issues", typeof(IServiceProviderIsService))?.Rule);
        Assert.Null(LayeringTable.Judge("IssueSync.Sdk", typeof(IServiceProvider)));
        Assert.Null(LayeringTable.Judge("IssueSync.Sdk.DependencyInjection", typeof(ActivatorUtilities)));
        Assert.Null(LayeringTable.Judge("IssueSync.Sdk.Issues", typeof(IServiceCollection)));
    }
}
