using System.Net.Http.Headers;
using System.Text;

namespace IssueSync.Sdk.Auth;

/// <summary>A personal access token credential. The token is never exposed or printed.</summary>
public sealed class PersonalAccessTokenCredential : VstsCredential
{
    internal PersonalAccessTokenCredential(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        Token = token;
    }

    internal string Token { get; }

    /// <summary>
    /// The <c>Authorization: Basic</c> value Azure DevOps expects (an empty user name:
    /// base64(":" + token)), built once per credential rather than per request. The value is
    /// immutable, so every request can carry the same instance.
    /// </summary>
    internal AuthenticationHeaderValue BasicAuthorization =>
        field ??= new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + Token)));

    /// <summary>Redacted.</summary>
    /// <returns><c>PersonalAccessToken(***)</c>.</returns>
    public override string ToString() => "PersonalAccessToken(***)";
}
