using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.Inbound;

/// <summary>
/// Checks the shared secret a delivery carries (the <c>Shared-Secret</c> header, or the password of
/// Basic authentication when allowed) against the installation's current and previous secrets.
/// Azure DevOps signs nothing, so this is the only proof of origin: every comparison runs in constant
/// time, so neither a secret's content nor its length shows in the timing. Values of up to
/// <see cref="InlineBytes"/> UTF-8 bytes (every secret the SDK makes: 43) are compared as whole
/// zero-padded buffers of that size together with their lengths; longer ones over SHA-256 digests.
/// </summary>
internal static class WebhookSecretVerifier
{
    /// <summary>The verdict.</summary>
    internal enum Verdict
    {
        Valid,

        /// <summary>The installation has no secret: no delivery can be verified (subscribe through the SDK first).</summary>
        NotConfigured,

        /// <summary>The request carries no secret.</summary>
        Missing,

        /// <summary>The request's secret matches neither the current nor the previous one.</summary>
        Wrong,
    }

    private const int StackLimit = 256;

    /// <summary>
    /// The buffer values are compared in without hashing. Small on purpose: <see cref="CryptographicOperations.FixedTimeEquals"/>
    /// runs unoptimised (about 3 ns a byte), and two SHA-256 digests (about 0.4 µs each) are what it saves.
    /// </summary>
    private const int InlineBytes = 64;

    public static Verdict Verify(VstsWebhookRequest request, VstsWebhookSecrets? secrets, VstsWebhookOptions options)
    {
        if (secrets is null || string.IsNullOrEmpty(secrets.Current))
        {
            return Verdict.NotConfigured;
        }

        var fromHeader = request.GetHeader(options.SecretHeaderName)?.Trim();
        var fromBasic = options.AcceptBasicAuthentication ? BasicPassword(request.GetHeader("Authorization")) : null;
        if (string.IsNullOrEmpty(fromHeader) && string.IsNullOrEmpty(fromBasic))
        {
            return Verdict.Missing;
        }

        // Non-short-circuit ORs: the same work whichever candidate matches.
        var valid = Matches(fromHeader, secrets.Current) | Matches(fromHeader, secrets.Previous)
            | Matches(fromBasic, secrets.Current) | Matches(fromBasic, secrets.Previous);
        return valid ? Verdict.Valid : Verdict.Wrong;
    }

    private static bool Matches(string? presented, string? expected)
    {
        if (string.IsNullOrEmpty(presented) || string.IsNullOrEmpty(expected))
        {
            return false;
        }

        // The whole buffers and the lengths, with no branch on either: the same work for every value that
        // fits, however much of it matches (the length check keeps "abc" and "abc\0" apart). Both are
        // always encoded, so which path runs depends only on whether each value fits.
        Span<byte> presentedBytes = stackalloc byte[InlineBytes];
        Span<byte> expectedBytes = stackalloc byte[InlineBytes];
        presentedBytes.Clear();
        expectedBytes.Clear();
        var fits = Encoding.UTF8.TryGetBytes(presented, presentedBytes, out var presentedLength)
            & Encoding.UTF8.TryGetBytes(expected, expectedBytes, out var expectedLength);
        var equal = fits && CryptographicOperations.FixedTimeEquals(presentedBytes, expectedBytes) & (presentedLength == expectedLength);
        CryptographicOperations.ZeroMemory(presentedBytes);
        CryptographicOperations.ZeroMemory(expectedBytes);
        if (fits)
        {
            return equal;
        }

        Span<byte> presentedDigest = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> expectedDigest = stackalloc byte[SHA256.HashSizeInBytes];
        Digest(presented, presentedDigest);
        Digest(expected, expectedDigest);
        return CryptographicOperations.FixedTimeEquals(presentedDigest, expectedDigest);
    }

    private static void Digest(string text, Span<byte> digest)
    {
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(text, buffer);
            SHA256.HashData(buffer[..written], digest);
            CryptographicOperations.ZeroMemory(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The password of <c>Authorization: Basic base64(user:password)</c>, or <see langword="null"/>.</summary>
    private static string? BasicPassword(string? authorization)
    {
        const string Scheme = "Basic ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var encoded = authorization.AsSpan(Scheme.Length).Trim();
        var bytes = ArrayPool<byte>.Shared.Rent(((encoded.Length + 3) / 4) * 3);
        try
        {
            if (!Convert.TryFromBase64Chars(encoded, bytes, out var written))
            {
                return null;
            }

            var decoded = Encoding.UTF8.GetString(bytes, 0, written);
            CryptographicOperations.ZeroMemory(bytes.AsSpan(0, written));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : decoded[(colon + 1)..];
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
