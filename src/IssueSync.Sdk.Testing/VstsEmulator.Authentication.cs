using System.Security.Cryptography;
using System.Text;
using IssueSync.Sdk.Testing.Emulator;
using Microsoft.AspNetCore.Http;

namespace IssueSync.Sdk.Testing;

// Authentication of API requests and the answer without valid credentials.
public sealed partial class VstsEmulator
{
    /// <summary>
    /// The caller: the PAT's owner for <c>Basic base64(user:pat)</c> with the emulator's PAT, or the
    /// token's user for <c>Bearer</c> with an unexpired, unrevoked access token from <see cref="OAuth"/>;
    /// <see langword="null"/> otherwise.
    /// </summary>
    private EmulatedUser? Authenticate(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var bearer = header["Bearer ".Length..].Trim();
            return bearer.Length == 0 ? null : OAuth.AuthenticateAccessToken(bearer);
        }

        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        var token = colon < 0 ? decoded : decoded[(colon + 1)..];
        // Compared as hashes in constant time: neither the token nor its length leaks through timing.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(token)), _tokenHash) ? Organization.AuthenticatedUser : null;
    }

    /// <summary>
    /// Without valid credentials Azure DevOps answers 401 when the caller sent
    /// <c>X-TFS-FedAuthRedirect: Suppress</c>, and otherwise a 203 with its HTML sign-in page.
    /// </summary>
    private static EmulatorAnswer SignInAnswer(HttpContext context)
    {
        var suppressed = string.Equals(context.Request.Headers["X-TFS-FedAuthRedirect"].ToString(), "Suppress", StringComparison.OrdinalIgnoreCase);
        if (!suppressed)
        {
            return new EmulatorAnswer(203, null, Html: "<!DOCTYPE html><html><head><title>Azure DevOps Services | Sign In</title></head><body>Sign in to continue.</body></html>");
        }

        // Azure DevOps offers both schemes: Bearer (Entra ID, OAuth) and Basic (PATs).
        context.Response.Headers.WWWAuthenticate = new([
            "Bearer authorization_uri=" + context.Request.Scheme + "://" + context.Request.Host + "/organizations",
            "Basic realm=\"" + context.Request.Scheme + "://" + context.Request.Host + "/\"",
        ]);
        throw new EmulatorError(401, "TF400813: The user '' is not authorized to access this resource.", "UnauthorizedRequestException");
    }
}
