using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>
/// Organization-less calls on <c>app.vssps.visualstudio.com</c>: resolving an organization's base
/// URL through the Resource Areas API and listing the organizations a user can reach (install flows).
/// </summary>
public interface IVstsAccountClient
{
    /// <summary>Resolves an organization's base URL from its id, anonymously, through the Resource Areas API.</summary>
    /// <param name="organizationId">The organization (collection) id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The organization base URL (e.g. <c>https://dev.azure.com/fabrikam/</c>), ending with <c>/</c>.</returns>
    /// <exception cref="VstsApiException">Not found, a non-200 answer, or an answer without <c>locationUrl</c>.</exception>
    Task<Uri> GetOrganizationUrlByIdAsync(string organizationId, CancellationToken cancellationToken = default);

    /// <summary>Resolves an organization's base URL from its name, anonymously, through the Resource Areas API.</summary>
    /// <param name="organizationName">The organization name, e.g. <c>fabrikam</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The organization base URL, ending with <c>/</c>.</returns>
    /// <exception cref="VstsApiException">Not found, a non-200 answer, or an answer without <c>locationUrl</c>.</exception>
    Task<Uri> GetOrganizationUrlByNameAsync(string organizationName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Resolves the base URL of one area of an organization (e.g. <see cref="VstsResourceArea.Graph"/>,
    /// <see cref="VstsResourceArea.Search"/>) through the organization's Resource Areas API,
    /// anonymously, instead of deriving it. Use the result for <see cref="VstsConnection.GraphUrl"/>
    /// and <see cref="VstsConnection.SearchUrl"/>.
    /// </summary>
    /// <param name="organizationUrl">The organization base URL.</param>
    /// <param name="area">The resource area.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The area's base URL, ending with <c>/</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="area"/> is <see langword="default"/> (no id).</exception>
    /// <exception cref="VstsApiException">Not found, a non-200 answer, or an answer without <c>locationUrl</c>.</exception>
    Task<Uri> GetAreaUrlAsync(Uri organizationUrl, VstsResourceArea area, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists the organizations the user behind <paramref name="credential"/> can reach: the user's
    /// profile, then the accounts that user is a member of. The credential is sent to
    /// <c>app.vssps.visualstudio.com</c> for these two calls only.
    /// </summary>
    /// <param name="credential">A credential that is not limited to one organization (an OAuth identity).</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The organizations, possibly empty.</returns>
    Task<IReadOnlyList<VstsAccount>> GetAccountsAsync(VstsCredential credential, CancellationToken cancellationToken = default);
}
