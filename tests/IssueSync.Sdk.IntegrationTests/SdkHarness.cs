using IssueSync.Sdk.Client;
using IssueSync.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IssueSync.Sdk.IntegrationTests;

/// <summary>
/// The real SDK (AddVstsIssueSync, the whole handler chain) pointed at an emulator over loopback
/// HTTP. Retry waits are shortened so a Retry-After of seconds costs milliseconds.
/// </summary>
internal sealed class SdkHarness : IAsyncDisposable
{
    private SdkHarness(VstsEmulator emulator, ServiceProvider services)
    {
        Emulator = emulator;
        Services = services;
    }

    public VstsEmulator Emulator { get; }

    public ServiceProvider Services { get; }

    public IVstsClient Client => Services.GetRequiredService<IVstsClient>();

    public EmulatedOrganization Organization => Emulator.Organization;

    public static async Task<SdkHarness> StartAsync(
        VstsEmulatorOptions? emulatorOptions = null,
        string? personalAccessToken = null,
        Action<IVstsIssueSyncBuilder>? configureBuilder = null,
        Action<VstsIssueSyncOptions, VstsEmulator>? configureOptions = null)
    {
        var emulator = await VstsEmulator.StartAsync(emulatorOptions);
        var services = new ServiceCollection();
        services.AddLogging();
        var builder = services.AddVstsIssueSync(options =>
        {
            options.OrganizationUrl = emulator.OrganizationUrl.AbsoluteUri;
            options.PersonalAccessToken = personalAccessToken ?? emulator.PersonalAccessToken;
            options.ApplicationName = "IssueSync.Sdk.IntegrationTests";
            options.Resilience.MaxRetries = 3;
            options.Resilience.BaseDelay = TimeSpan.FromMilliseconds(5);
            options.Resilience.MaxRetryAfter = TimeSpan.FromMilliseconds(50);
            configureOptions?.Invoke(options, emulator);
        });
        configureBuilder?.Invoke(builder);
        return new SdkHarness(emulator, services.BuildServiceProvider());
    }

    /// <summary>The requests the emulator answered whose path (below the host) starts with <paramref name="prefix"/>.</summary>
    public List<EmulatedRequest> RequestsTo(string prefix) =>
        Emulator.Requests.Where(r => r.PathAndQuery.StartsWith($"/{Organization.Name}/{prefix}", StringComparison.OrdinalIgnoreCase)).ToList();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
