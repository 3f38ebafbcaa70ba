using System.Reflection;
using IssueSync.Sdk.Testing;

namespace IssueSync.Sdk.IntegrationTests.Conventions;

/// <summary>The Testing package follows the SDK's public surface rules.</summary>
public class TestingSurfaceConventionTests
{
    private static readonly Type[] Exported = typeof(VstsEmulator).Assembly.GetExportedTypes();

    [Fact]
    public void Every_public_async_method_takes_a_CancellationToken_last()
    {
        var asyncMethods = Exported
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => typeof(Task).IsAssignableFrom(m.ReturnType) || m.ReturnType.Name.StartsWith("ValueTask", StringComparison.Ordinal))
            .Where(m => m.Name != nameof(IAsyncDisposable.DisposeAsync))
            .ToList();

        var offenders = asyncMethods.Where(m => m.GetParameters() is not [.., { ParameterType: var last }] || last != typeof(CancellationToken)).Select(m => $"{m.DeclaringType!.Name}.{m.Name}");

        Assert.Contains(asyncMethods, m => m.Name == nameof(VstsEmulator.WaitForDeliveryAsync));
        Assert.Empty(offenders);
    }

    [Fact]
    public void The_stores_implement_the_host_ports()
    {
        Assert.True(typeof(Abstractions.IIntegrationStore).IsAssignableFrom(typeof(InMemoryIntegrationStore)));
        Assert.True(typeof(Abstractions.IInstallationEnumerator).IsAssignableFrom(typeof(InMemoryIntegrationStore)));
        Assert.True(typeof(Abstractions.IGroupStore).IsAssignableFrom(typeof(InMemoryGroupStore)));
        Assert.True(typeof(Abstractions.IAssigneeStore).IsAssignableFrom(typeof(InMemoryAssigneeStore)));
        Assert.True(typeof(Abstractions.IExternalProjectStore).IsAssignableFrom(typeof(InMemoryExternalProjectStore)));
        Assert.True(typeof(Abstractions.ITokenStore).IsAssignableFrom(typeof(InMemoryTokenStore)));
        Assert.True(typeof(Abstractions.ICommentStore).IsAssignableFrom(typeof(InMemoryCommentStore)));
        Assert.True(typeof(Abstractions.IWorkItemDeletionStore).IsAssignableFrom(typeof(InMemoryWorkItemDeletionStore)));
    }
}
