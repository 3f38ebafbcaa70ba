using IssueSync.Sdk.Patch;

namespace IssueSync.Sdk.Tests.Patch;

public class JsonPointerTests
{
    [Theory]
    [InlineData("System.Title", "System.Title")]
    [InlineData("a/b", "a~1b")]
    [InlineData("a~b", "a~0b")]
    [InlineData("~1", "~01")]
    [InlineData("/~", "~1~0")]
    [InlineData("", "")]
    public void EscapeSegment_turns_tilde_into_tilde0_and_slash_into_tilde1(string raw, string escaped)
    {
        Assert.Equal(escaped, JsonPointer.EscapeSegment(raw));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("a/b")]
    [InlineData("a~b")]
    [InlineData("~0")]
    [InlineData("~1")]
    [InlineData("~01")]
    [InlineData("//~~/")]
    [InlineData("Custom.A/B~C")]
    [InlineData("naïve/日本~語")]
    public void UnescapeSegment_reverses_EscapeSegment(string raw)
    {
        Assert.Equal(raw, JsonPointer.UnescapeSegment(JsonPointer.EscapeSegment(raw)));
    }

    [Fact]
    public void UnescapeSegment_decodes_tilde1_before_tilde0_as_rfc_6901_requires()
    {
        // "~01" is an escaped "~1", not an escaped "/" preceded by "~".
        Assert.Equal("~1", JsonPointer.UnescapeSegment("~01"));
    }

    [Fact]
    public void EscapeSegment_returns_the_same_instance_when_nothing_needs_escaping()
    {
        var segment = "System.State";

        Assert.Same(segment, JsonPointer.EscapeSegment(segment));
        Assert.Same(segment, JsonPointer.UnescapeSegment(segment));
    }

    [Fact]
    public void Null_segments_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => JsonPointer.EscapeSegment(null!));
        Assert.Throws<ArgumentNullException>(() => JsonPointer.UnescapeSegment(null!));
    }
}
