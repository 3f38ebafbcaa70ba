namespace IssueSync.Sdk.Abstractions;

/// <summary>
/// Optional host port: lists every installation, for work that visits all of them (the periodic
/// subscription check). A host whose <see cref="IIntegrationStore"/> also implements this interface
/// needs no separate registration.
/// </summary>
public interface IInstallationEnumerator
{
    /// <summary>Lists the installations the SDK should look after (skip uninstalled or suspended ones).</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The installations, streamed so a large store need not be read into memory at once.</returns>
    IAsyncEnumerable<VstsInstallation> ListInstallationsAsync(CancellationToken cancellationToken = default);
}
