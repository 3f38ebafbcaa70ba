using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Patch;

namespace IssueSync.Sdk.Tests.Patch;

public class PatchRelationTests
{
    [Fact]
    public void Hyperlink_with_a_comment_writes_rel_url_and_attributes_comment()
    {
        var value = PatchValue.FromRelation(PatchRelation.Hyperlink("https://host.example/issues/1", "Host issue"));

        Assert.Equal(
            """{"rel":"Hyperlink","url":"https://host.example/issues/1","attributes":{"comment":"Host issue"}}""",
            value.ToString());
    }

    [Fact]
    public void Hyperlink_without_a_comment_writes_no_attributes_member()
    {
        var value = PatchValue.FromRelation(PatchRelation.Hyperlink("https://host.example/issues/1"));

        Assert.Equal("""{"rel":"Hyperlink","url":"https://host.example/issues/1"}""", value.ToString());
    }

    [Fact]
    public void An_empty_comment_is_still_written()
    {
        var value = PatchValue.FromRelation(PatchRelation.Hyperlink("https://host.example/", ""));

        Assert.Equal("""{"rel":"Hyperlink","url":"https://host.example/","attributes":{"comment":""}}""", value.ToString());
    }

    [Fact]
    public void Hyperlink_factory_sets_the_hyperlink_type()
    {
        var relation = PatchRelation.Hyperlink("https://host.example/", "c");

        Assert.Equal(WorkItemRelationType.Hyperlink, relation.Rel);
        Assert.Equal("https://host.example/", relation.Url);
        Assert.Equal("c", relation.Comment);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_blank_url_is_rejected(string url)
    {
        var exception = Assert.Throws<ArgumentException>(() => PatchRelation.Hyperlink(url));

        Assert.Equal("url", exception.ParamName);
    }

    [Fact]
    public void A_null_url_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => new PatchRelation(WorkItemRelationType.Related, null!));
    }

    [Fact]
    public void A_default_relation_type_is_rejected()
    {
        var exception = Assert.Throws<ArgumentException>(() => new PatchRelation(default, "https://host.example/"));

        Assert.Equal("rel", exception.ParamName);
    }

    [Fact]
    public void Relations_are_equal_by_value()
    {
        Assert.Equal(
            new PatchRelation("hyperlink", "https://host.example/", "c"),
            PatchRelation.Hyperlink("https://host.example/", "c"));
        Assert.NotEqual(PatchRelation.Hyperlink("https://host.example/a"), PatchRelation.Hyperlink("https://host.example/b"));
    }
}
