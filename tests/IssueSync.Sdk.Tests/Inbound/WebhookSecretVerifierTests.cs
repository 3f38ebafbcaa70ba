using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Inbound;
using static IssueSync.Sdk.Inbound.WebhookSecretVerifier;

namespace IssueSync.Sdk.Tests.Inbound;

/// <summary>
/// The secret comparison on both of its paths: values of up to 64 UTF-8 bytes compared as padded
/// buffers with their lengths, longer ones over SHA-256 digests, and a pair where only one side fits.
/// </summary>
public sealed class WebhookSecretVerifierTests
{
    private const string Generated = "q3M1m1o2bWl4eQ-5c2VjcmV0LWZvci10aGUtdGVzdHM"; // 43 characters, as the SDK makes them
    private static readonly string Long = new('s', 100);

    public static TheoryData<string, string, bool> Pairs => new()
    {
        { Generated, Generated, true },
        { Generated, "x" + Generated[1..], false },
        { Generated, Generated[..^1] + "x", false },
        { Generated, Generated[..^1], false },
        { Generated, Generated + "x", false },
        { "abc", "abc\0", false },
        { "abc\0", "abc", false },
        { "géheim-ß-秘密", "géheim-ß-秘密", true },
        { "géheim-ß-秘密", "geheim-ß-秘密", false },
        { new string('é', 32), new string('é', 32), true }, // exactly 64 bytes
        { new string('é', 33), new string('é', 33), true }, // 66 bytes: digests
        { Long, Long, true },
        { Long, Long[..^1] + "t", false },
        { Long, Generated, false },
        { Generated, Long, false },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void A_presented_secret_is_valid_only_when_equal_to_the_stored_one(string stored, string presented, bool valid)
    {
        Assert.Equal(valid ? Verdict.Valid : Verdict.Wrong, Verify(Request(presented), new VstsWebhookSecrets(stored), new VstsWebhookOptions()));
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void The_previous_secret_compares_the_same_way(string stored, string presented, bool valid)
    {
        Assert.Equal(valid ? Verdict.Valid : Verdict.Wrong, Verify(Request(presented), new VstsWebhookSecrets("another-current-secret", stored), new VstsWebhookOptions()));
    }

    private static VstsWebhookRequest Request(string secret) => new(Array.Empty<byte>(), [new("Shared-Secret", secret)]);
}
