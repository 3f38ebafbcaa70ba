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

    /// <summary>Redacted.</summary>
    /// <returns><c>PersonalAccessToken(***)</c>.</returns>
    public override string ToString() => "PersonalAccessToken(***)";
}
