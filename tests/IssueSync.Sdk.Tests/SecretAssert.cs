namespace IssueSync.Sdk.Tests;

/// <summary>Asserts that text meant for people (ToString, exception messages) repeats no secret.</summary>
internal static class SecretAssert
{
    public static void DoesNotLeak(string? text, params string[] secrets)
    {
        Assert.NotNull(text);
        foreach (var secret in secrets)
        {
            Assert.False(
                text.Contains(secret, StringComparison.Ordinal),
                $"The text repeats the secret '{secret}': {text}");
        }
    }
}
