using IssueSync.Sdk.Patch;

namespace IssueSync.Sdk.Tests.Patch;

public class WorkItemPatchBuilderTests
{
    [Theory]
    [InlineData("fields/System.Title")]
    [InlineData("")]
    [InlineData("/")]
    [InlineData(" /fields/System.Title")]
    public void Raw_path_methods_reject_a_path_that_does_not_start_with_a_slash_and_name_a_location(string path)
    {
        var builder = new WorkItemPatchBuilder();

        AssertArgumentException("path", () => builder.Add(path, "v"));
        AssertArgumentException("path", () => builder.Replace(path, "v"));
        AssertArgumentException("path", () => builder.Test(path, "v"));
        AssertArgumentException("path", () => builder.Remove(path));
        Assert.Equal(0, builder.Count);
    }

    [Fact]
    public void Raw_path_methods_reject_null()
    {
        var builder = new WorkItemPatchBuilder();

        Assert.Throws<ArgumentNullException>(() => builder.Add(null!, "v"));
        Assert.Throws<ArgumentNullException>(() => builder.Remove(null!));
    }

    [Fact]
    public void Add_replace_and_test_require_a_value_and_default_PatchValue_is_no_value()
    {
        var builder = new WorkItemPatchBuilder();

        AssertArgumentException("value", () => builder.Add("/fields/X", default));
        AssertArgumentException("value", () => builder.Replace("/fields/X", default));
        AssertArgumentException("value", () => builder.Test("/fields/X", default));
        AssertArgumentException("value", () => builder.AddField("X", default));
        AssertArgumentException("value", () => builder.ReplaceField("X", default));
        AssertArgumentException("value", () => builder.TestField("X", default));
        Assert.Equal(0, builder.Count);
    }

    [Fact]
    public void PatchValue_Null_is_a_value_and_writes_json_null()
    {
        var patch = new WorkItemPatchBuilder().Replace("/fields/Custom.X", PatchValue.Null).Build();

        Assert.Equal("""[{"op":"replace","path":"/fields/Custom.X","value":null}]""", patch.ToString());
    }

    [Fact]
    public void Remove_writes_no_value_member()
    {
        var patch = new WorkItemPatchBuilder().Remove("/relations/0").RemoveField("Custom.A/B").Build();

        Assert.Equal("""[{"op":"remove","path":"/relations/0"},{"op":"remove","path":"/fields/Custom.A~1B"}]""", patch.ToString());
        Assert.All(patch.Operations, operation => Assert.Equal(PatchValueKind.None, operation.Value.Kind));
    }

    [Fact]
    public void Field_methods_escape_the_reference_name()
    {
        var patch = new WorkItemPatchBuilder()
            .AddField("Custom.A/B~C", 1)
            .ReplaceField("Custom.A/B~C", 2)
            .TestField("Custom.A/B~C", 3)
            .Build();

        Assert.Equal(
            """[{"op":"add","path":"/fields/Custom.A~1B~0C","value":1},{"op":"replace","path":"/fields/Custom.A~1B~0C","value":2},{"op":"test","path":"/fields/Custom.A~1B~0C","value":3}]""",
            patch.ToString());
    }

    [Fact]
    public void Raw_path_methods_do_not_escape_the_path()
    {
        var patch = new WorkItemPatchBuilder().Add("/relations/-", PatchRelation.Hyperlink("https://x.example/")).Build();

        Assert.Equal("""[{"op":"add","path":"/relations/-","value":{"rel":"Hyperlink","url":"https://x.example/"}}]""", patch.ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void TestRevision_rejects_a_revision_that_is_not_positive(int revision)
    {
        var builder = new WorkItemPatchBuilder();

        Assert.Throws<ArgumentOutOfRangeException>(() => builder.TestRevision(revision));
        Assert.Equal(0, builder.Count);
    }

    [Fact]
    public void TestRevision_writes_a_numeric_test_of_rev_and_sets_TestedRevision()
    {
        var patch = new WorkItemPatchBuilder().TestRevision(int.MaxValue).Build();

        Assert.Equal($$"""[{"op":"test","path":"/rev","value":{{int.MaxValue}}}]""", patch.ToString());
        Assert.Equal(int.MaxValue, patch.TestedRevision);
    }

    [Fact]
    public void A_raw_test_of_rev_must_be_a_real_revision_because_it_decides_whether_a_resend_is_safe()
    {
        Assert.Throws<ArgumentException>(() => new WorkItemPatchBuilder().Test("/rev", "7"));
        Assert.Throws<ArgumentException>(() => new WorkItemPatchBuilder().Test("/rev", 0));
        Assert.Throws<ArgumentException>(() => new WorkItemPatchBuilder().Test("/rev", (long)int.MaxValue + 1));

        Assert.Equal(7, new WorkItemPatchBuilder().Test("/rev", 7).Build().TestedRevision);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void AddComment_with_no_text_adds_nothing(string? html)
    {
        var builder = new WorkItemPatchBuilder();

        Assert.Same(builder, builder.AddComment(html));
        Assert.Equal(0, builder.Count);
    }

    [Fact]
    public void AddComment_adds_to_history()
    {
        var patch = new WorkItemPatchBuilder().AddComment("<b>hi</b>").Build();

        Assert.Equal("""[{"op":"add","path":"/fields/System.History","value":"<b>hi</b>"}]""", patch.ToString());
    }

    [Fact]
    public void AddHyperlink_adds_a_hyperlink_relation_with_its_comment()
    {
        var patch = new WorkItemPatchBuilder().AddHyperlink("https://host.example/i/1", "back link").Build();

        Assert.Equal(
            """[{"op":"add","path":"/relations/-","value":{"rel":"Hyperlink","url":"https://host.example/i/1","attributes":{"comment":"back link"}}}]""",
            patch.ToString());
    }

    [Fact]
    public void AddRelation_rejects_null()
    {
        Assert.Throws<ArgumentNullException>(() => new WorkItemPatchBuilder().AddRelation(null!));
    }

    [Fact]
    public void Every_method_returns_the_same_builder_and_Count_follows_the_operations()
    {
        var builder = new WorkItemPatchBuilder();

        Assert.Same(builder, builder.Add("/fields/A", 1));
        Assert.Same(builder, builder.Replace("/fields/B", 2));
        Assert.Same(builder, builder.Remove("/fields/C"));
        Assert.Same(builder, builder.Test("/fields/D", 4));
        Assert.Same(builder, builder.TestRevision(1));
        Assert.Equal(5, builder.Count);
    }

    [Fact]
    public void Build_with_no_operations_returns_the_empty_patch()
    {
        Assert.Same(WorkItemPatch.Empty, new WorkItemPatchBuilder().Build());
    }

    [Fact]
    public void Building_again_after_more_calls_does_not_change_an_earlier_patch()
    {
        var builder = new WorkItemPatchBuilder().ReplaceField(WorkItemFields.Title, "first");
        var earlier = builder.Build();
        var earlierJson = earlier.ToString();

        builder.ReplaceField(WorkItemFields.State, "Done").TestRevision(2);
        var later = builder.Build();

        Assert.Equal(1, earlier.Count);
        Assert.Null(earlier.TestedRevision);
        Assert.Equal(earlierJson, earlier.ToString());
        Assert.Equal("""[{"op":"replace","path":"/fields/System.Title","value":"first"}]""", earlierJson);
        Assert.Equal(3, later.Count);
        Assert.Equal(2, later.TestedRevision);
    }

    [Fact]
    public void Operations_keep_their_type_path_and_value()
    {
        var patch = new WorkItemPatchBuilder().ReplaceField(WorkItemFields.State, "Done").Build();

        var operation = Assert.Single(patch.Operations);
        Assert.Equal(new WorkItemPatchOperation(WorkItemPatchOperationType.Replace, "/fields/System.State", "Done"), operation);
    }

    private static void AssertArgumentException(string parameterName, Action action)
    {
        var exception = Assert.Throws<ArgumentException>(action);
        Assert.Equal(parameterName, exception.ParamName);
    }
}
