using System.Globalization;
using System.Text.Json.Nodes;
using IssueSync.Sdk.Abstractions;
using Microsoft.AspNetCore.Http;

namespace IssueSync.Sdk.Testing.Emulator;

/// <summary>Why a grant was refused.</summary>
internal enum OAuthFailure
{
    UnknownGrant,
    CodeRedeemed,
    Expired,
    Rotated,
    Revoked,
    RedirectMismatch,
}

/// <summary>Tokens, or why none were issued.</summary>
internal readonly record struct OAuthOutcome(EmulatedOAuthTokens? Tokens, OAuthFailure Failure)
{
    public static OAuthOutcome Issued(EmulatedOAuthTokens tokens) => new(tokens, default);

    public static OAuthOutcome Failed(OAuthFailure failure) => new(null, failure);
}

/// <summary>
/// The two token endpoints: Entra ID v2 (<c>POST /{tenant}/oauth2/v2.0/token</c>) and Azure DevOps
/// OAuth (<c>POST /oauth2/token</c>), each with its own form fields, success body and error body.
/// Form values are read, never echoed: no answer quotes a token, code or secret.
/// </summary>
internal static class OAuthTokenEndpoints
{
    private const string JwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private const string JwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    /// <summary>Scopes of the sign-in itself, which Entra ID does not list among the granted ones.</summary>
    private static readonly string[] OpenIdScopes = ["offline_access", "openid", "profile", "email"];

    public static async Task<EmulatorAnswer> EntraAsync(HttpContext context, EmulatedOAuth oauth, string tenant, TimeProvider time)
    {
        NoStore(context);
        var form = await ReadFormAsync(context).ConfigureAwait(false);
        if (form is null)
        {
            return Entra(time, 400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.");
        }

        if (Missing(form, "grant_type", "client_id") is { } missing)
        {
            return Entra(time, 400, "invalid_request", 900144, $"The request body must contain the following parameter: '{missing}'.");
        }

        var grantType = form["grant_type"].ToString();
        if (grantType is not ("authorization_code" or "refresh_token" or "client_credentials"))
        {
            return Entra(time, 400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
        }

        var clientId = form["client_id"].ToString();
        var client = oauth.FindEntraClient(clientId);
        if (client is null)
        {
            return Entra(time, 400, "unauthorized_client", 700016,
                $"Application with identifier '{clientId}' was not found in the directory '{tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.");
        }

        if (Missing(form, "client_secret") is not null || !oauth.IsSecretOf(client, form["client_secret"].ToString()))
        {
            return Entra(time, 401, "invalid_client", 7000215,
                $"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{client.ClientId}'.");
        }

        OAuthOutcome outcome;
        switch (grantType)
        {
            case "authorization_code":
                if (Missing(form, "code", "redirect_uri") is { } field)
                {
                    return Entra(time, 400, "invalid_request", 900144, $"The request body must contain the following parameter: '{field}'.");
                }

                outcome = oauth.RedeemCode(client, form["code"].ToString(), form["redirect_uri"].ToString());
                break;
            case "refresh_token":
                if (Missing(form, "refresh_token") is { } refreshField)
                {
                    return Entra(time, 400, "invalid_request", 900144, $"The request body must contain the following parameter: '{refreshField}'.");
                }

                outcome = oauth.Refresh(client, form["refresh_token"].ToString(), Optional(form, "redirect_uri"));
                break;
            default:
                if (Missing(form, "scope") is { } scopeField)
                {
                    return Entra(time, 400, "invalid_request", 900144, $"The request body must contain the following parameter: '{scopeField}'.");
                }

                outcome = OAuthOutcome.Issued(oauth.IssueAppToken(client, form["scope"].ToString()));
                break;
        }

        if (outcome.Tokens is not { } tokens)
        {
            var (code, description) = outcome.Failure switch
            {
                OAuthFailure.CodeRedeemed => (54005, "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token."),
                OAuthFailure.Expired => (70008, "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource."),
                OAuthFailure.RedirectMismatch => (70000, "Provided grant is invalid or malformed: the redirect_uri does not match the one the authorization code was issued for."),
                OAuthFailure.Revoked => (70000, "Provided grant is invalid or malformed: the grant was revoked."),
                _ => (70000, "Provided grant is invalid or malformed."),
            };
            return Entra(time, 400, "invalid_grant", code, description);
        }

        var body = new JsonObject
        {
            ["token_type"] = "Bearer",
            ["scope"] = GrantedScope(Optional(form, "scope"), tokens.Scope),
            ["expires_in"] = Seconds(tokens),
            ["ext_expires_in"] = Seconds(tokens),
            ["access_token"] = tokens.AccessToken,
        };
        if (tokens.RefreshToken is not null)
        {
            body["refresh_token"] = tokens.RefreshToken;
        }

        return EmulatorAnswer.Ok(body);
    }

    public static async Task<EmulatorAnswer> AzureDevOpsAsync(HttpContext context, EmulatedOAuth oauth)
    {
        NoStore(context);
        var form = await ReadFormAsync(context).ConfigureAwait(false);
        if (form is null)
        {
            return AzureDevOps(400, "invalid_request", "The request must be a form (application/x-www-form-urlencoded).");
        }

        if (Missing(form, "client_assertion_type", "client_assertion", "grant_type", "assertion", "redirect_uri") is { } missing)
        {
            return AzureDevOps(400, "invalid_request", $"The parameter '{missing}' is required.");
        }

        if (!string.Equals(form["client_assertion_type"].ToString(), JwtBearerAssertionType, StringComparison.Ordinal))
        {
            return AzureDevOps(400, "invalid_request", $"client_assertion_type must be '{JwtBearerAssertionType}'.");
        }

        var grantType = form["grant_type"].ToString();
        if (grantType is not (JwtBearerGrant or "refresh_token"))
        {
            return AzureDevOps(400, "unsupported_grant_type", $"grant_type must be '{JwtBearerGrant}' (an authorization code) or 'refresh_token'.");
        }

        var client = oauth.FindAzureDevOpsClient(form["client_assertion"].ToString());
        if (client is null)
        {
            return AzureDevOps(401, "invalid_client", "The client assertion is not the secret of a registered app.");
        }

        var redirectUri = form["redirect_uri"].ToString();
        var outcome = grantType == JwtBearerGrant
            ? oauth.RedeemCode(client, form["assertion"].ToString(), redirectUri)
            : oauth.Refresh(client, form["assertion"].ToString(), redirectUri);
        if (outcome.Tokens is not { } tokens)
        {
            return AzureDevOps(400, "invalid_grant", outcome.Failure switch
            {
                OAuthFailure.CodeRedeemed => "The authorization code was already redeemed.",
                OAuthFailure.Expired => grantType == JwtBearerGrant ? "The authorization code has expired." : "The refresh token has expired.",
                OAuthFailure.Rotated => "The refresh token was already used: a refresh returns a new one, and only the newest is valid.",
                OAuthFailure.Revoked => "The authorization was revoked.",
                OAuthFailure.RedirectMismatch => "The redirect_uri does not match the callback URL registered with the app.",
                _ => "The assertion is not a valid authorization code or refresh token of this app.",
            });
        }

        // Azure DevOps OAuth answers expires_in as a string and token_type "jwt-bearer".
        return EmulatorAnswer.Ok(new JsonObject
        {
            ["access_token"] = tokens.AccessToken,
            ["token_type"] = "jwt-bearer",
            ["expires_in"] = Seconds(tokens).ToString(CultureInfo.InvariantCulture),
            ["refresh_token"] = tokens.RefreshToken,
            ["scope"] = tokens.Scope,
        });
    }

    private static void NoStore(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store, no-cache";
        context.Response.Headers.Pragma = "no-cache";
    }

    private static async Task<IFormCollection?> ReadFormAsync(HttpContext context) =>
        context.Request.HasFormContentType
            ? await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false)
            : null;

    private static string? Missing(IFormCollection form, params string[] names) =>
        Array.Find(names, n => string.IsNullOrEmpty(form[n].ToString()));

    private static string? Optional(IFormCollection form, string name) =>
        form[name].ToString() is { Length: > 0 } value ? value : null;

    private static long Seconds(EmulatedOAuthTokens tokens) => (long)(tokens.ExpiresAt - tokens.IssuedAt).TotalSeconds;

    /// <summary>The scopes Entra ID lists: the requested ones without the sign-in scopes, else the grant's.</summary>
    private static string GrantedScope(string? requested, string granted)
    {
        var scopes = (requested ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => !OpenIdScopes.Contains(s, StringComparer.OrdinalIgnoreCase))
            .ToList();
        return scopes.Count > 0 ? string.Join(' ', scopes) : granted;
    }

    /// <summary>Entra ID's error body: <c>error</c>, <c>error_description</c> starting <c>AADSTS{code}:</c>, <c>error_codes</c>, trace and correlation ids.</summary>
    private static EmulatorAnswer Entra(TimeProvider time, int status, string error, int code, string description)
    {
        var traceId = Guid.NewGuid().ToString("D");
        var correlationId = Guid.NewGuid().ToString("D");
        var timestamp = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return new EmulatorAnswer(status, new JsonObject
        {
            ["error"] = error,
            ["error_description"] = string.Create(CultureInfo.InvariantCulture, $"AADSTS{code}: {description} Trace ID: {traceId} Correlation ID: {correlationId} Timestamp: {timestamp}"),
            ["error_codes"] = new JsonArray(code),
            ["timestamp"] = timestamp,
            ["trace_id"] = traceId,
            ["correlation_id"] = correlationId,
            ["error_uri"] = string.Create(CultureInfo.InvariantCulture, $"https://login.microsoftonline.com/error?code={code}"),
        });
    }

    /// <summary>Azure DevOps OAuth's error body: <c>{"Error": code, "ErrorDescription": text}</c>.</summary>
    private static EmulatorAnswer AzureDevOps(int status, string error, string description) =>
        new(status, new JsonObject { ["Error"] = error, ["ErrorDescription"] = description });
}
