using System.Text.Json;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Tests.Client.Models;

public sealed class WorkItemCommentTests
{
    [Theory]
    [InlineData("\"html\"", CommentFormat.Html)]
    [InlineData("\"Markdown\"", CommentFormat.Markdown)]
    [InlineData("\"MARKDOWN\"", CommentFormat.Markdown)]
    [InlineData("\"richText\"", null)]
    [InlineData("1", null)]
    [InlineData("null", null)]
    public void Format_reads_known_values_in_any_casing_and_anything_else_as_null(string format, CommentFormat? expected)
    {
        var comment = Parse($$"""{"id":1,"workItemId":2,"text":"t","format":{{format}}}""");

        Assert.Equal(expected, comment.Format);
        Assert.Equal(1, comment.Id);
    }

    [Fact]
    public void Identities_parse_from_the_object_and_the_string_forms()
    {
        var comment = Parse("""
            {"id":1,"workItemId":2,"text":"t",
             "createdBy":{"displayName":"Jamal Hartnett","uniqueName":"jamal@fabrikam.example","id":"d6245f20","descriptor":"aad.X"},
             "modifiedBy":"Ana Lima <ana@fabrikam.example>"}
            """);

        Assert.Equal(("Jamal Hartnett", "jamal@fabrikam.example", "d6245f20", "aad.X"), (comment.CreatedBy?.DisplayName, comment.CreatedBy?.Email, comment.CreatedBy?.Id, comment.CreatedBy?.Descriptor));
        Assert.Equal(("Ana Lima", "ana@fabrikam.example"), (comment.ModifiedBy?.DisplayName, comment.ModifiedBy?.Email));
        Assert.Null(Parse("""{"id":1,"createdBy":null}""").CreatedBy);
    }

    [Fact]
    public void A_minimal_comment_has_no_nulls_where_the_model_promises_values()
    {
        var comment = Parse("""{"id":3}""");

        Assert.Equal(string.Empty, comment.Text);
        Assert.Equal(string.Empty, Parse("""{"id":3,"text":null}""").Text);
        Assert.Null(comment.Format);
        Assert.False(comment.IsDeleted);
    }

    [Fact]
    public void Factory_builds_a_comment_that_round_trips_through_the_wire_format()
    {
        var created = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var comment = VstsModelFactory.WorkItemComment(
            7,
            42,
            "**done**",
            version: 2,
            format: CommentFormat.Markdown,
            createdBy: new VstsIdentity { DisplayName = "Jamal Hartnett", Email = "jamal@fabrikam.example", Id = "d6245f20" },
            createdDate: created);

        var json = JsonSerializer.Serialize(comment, VstsJsonContext.Default.WorkItemComment);
        var back = Parse(json);

        Assert.Contains("\"format\":\"markdown\"", json, StringComparison.Ordinal);
        Assert.Equal((7, 42, 2, "**done**", CommentFormat.Markdown, created), (back.Id, back.WorkItemId, back.Version, back.Text, back.Format, back.CreatedDate));
        Assert.Equal(comment.CreatedBy, back.CreatedBy! with { UniqueName = null });
    }

    private static WorkItemComment Parse(string json) =>
        JsonSerializer.Deserialize(json, VstsJsonContext.Default.WorkItemComment)!;
}
