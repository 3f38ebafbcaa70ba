using System.Buffers;
using System.Text;
using System.Text.Json;
using IssueSync.Sdk.Patch;

namespace IssueSync.Sdk.Tests.Patch;

public class WorkItemPatchTests
{
    // ---- ForUpdate: the reference's update_work_item documents ----

    [Fact]
    public void ForUpdate_assign_replaces_the_assignee_exactly_as_the_reference()
    {
        var patch = WorkItemPatch.ForUpdate(new WorkItemUpdateFields { AssignedTo = "ftotten@vscsi.us" });

        Assert.Equal("""[{"op":"replace","path":"/fields/System.AssignedTo","value":"ftotten@vscsi.us"}]""", patch.ToString());
    }

    [Fact]
    public void ForUpdate_status_replaces_the_state()
    {
        var patch = WorkItemPatch.ForUpdate(new WorkItemUpdateFields { State = "Resolved" });

        Assert.Equal("""[{"op":"replace","path":"/fields/System.State","value":"Resolved"}]""", patch.ToString());
    }

    [Fact]
    public void ForUpdate_deassign_by_removing_the_assignee_writes_remove_without_a_value_member()
    {
        var patch = WorkItemPatch.ForUpdate(new WorkItemUpdateFields { RemoveFields = [WorkItemFields.AssignedTo] });

        Assert.Equal("""[{"op":"remove","path":"/fields/System.AssignedTo"}]""", patch.ToString());
    }

    [Fact]
    public void ForUpdate_null_well_known_fields_leave_them_unchanged()
    {
        var patch = WorkItemPatch.ForUpdate(new WorkItemUpdateFields { Title = null, Description = null, AssignedTo = null, State = null });

        Assert.Equal("[]", patch.ToString());
        Assert.Same(WorkItemPatch.Empty, patch);
    }

    [Fact]
    public void ForUpdate_removes_well_known_fields_in_their_place_and_other_fields_after_the_custom_ones()
    {
        var patch = WorkItemPatch.ForUpdate(new WorkItemUpdateFields
        {
            // Deliberately listed out of document order, with a case variant and a repeat.
            RemoveFields = ["Custom.A/B", WorkItemFields.State, "system.assignedto", WorkItemFields.Description, WorkItemFields.AreaPath, "custom.a/b"],
            Title = "t",
            Fields = new Dictionary<string, PatchValue> { ["Custom.Severity"] = "High" },
            Link = PatchRelation.Hyperlink("https://host.example/issues/1"),
            Comment = "c",
            ExpectedRevision = 2,
        });

        Assert.Equal(
            "[" +
            """{"op":"test","path":"/rev","value":2},""" +
            """{"op":"replace","path":"/fields/System.Title","value":"t"},""" +
            """{"op":"remove","path":"/fields/System.Description"},""" +
            """{"op":"add","path":"/relations/-","value":{"rel":"Hyperlink","url":"https://host.example/issues/1"}},""" +
            """{"op":"remove","path":"/fields/System.AssignedTo"},""" +
            """{"op":"remove","path":"/fields/System.State"},""" +
            """{"op":"replace","path":"/fields/Custom.Severity","value":"High"},""" +
            """{"op":"remove","path":"/fields/Custom.A~1B"},""" +
            """{"op":"remove","path":"/fields/System.AreaPath"},""" +
            """{"op":"add","path":"/fields/System.History","value":"c"}""" +
            "]",
            patch.ToString());
    }

    [Fact]
    public void ForUpdate_refuses_a_field_that_is_both_written_and_removed()
    {
        var assignee = Assert.Throws<ArgumentException>(() => WorkItemPatch.ForUpdate(new WorkItemUpdateFields
        {
            AssignedTo = "a@example.com",
            RemoveFields = [WorkItemFields.AssignedTo],
        }));
        var custom = Assert.Throws<ArgumentException>(() => WorkItemPatch.ForUpdate(new WorkItemUpdateFields
        {
            Fields = new Dictionary<string, PatchValue> { ["Custom.Points"] = 5 },
            RemoveFields = ["custom.points"],
        }));

        Assert.Equal("fields", assignee.ParamName);
        Assert.Contains("System.AssignedTo is both set (through AssignedTo)", assignee.Message, StringComparison.Ordinal);
        Assert.Contains("Custom.Points is both set (through Fields)", custom.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(null)]
    public void ForUpdate_refuses_a_blank_name_to_remove(string? name)
    {
        var error = Assert.Throws<ArgumentException>(() => WorkItemPatch.ForUpdate(new WorkItemUpdateFields { RemoveFields = [name!] }));

        Assert.Contains("RemoveFields holds a blank name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForUpdate_with_an_empty_remove_list_is_the_empty_array()
    {
        Assert.Same(WorkItemPatch.Empty, WorkItemPatch.ForUpdate(new WorkItemUpdateFields { RemoveFields = [] }));
    }

    [Fact]
    public void ForUpdate_comment_adds_to_history()
    {
        var patch = WorkItemPatch.ForUpdate(new WorkItemUpdateFields
        {
            Comment = "Jane wrote:\n\n<blockquote>It broke</blockquote>",
        });

        Assert.Equal(
            """[{"op":"add","path":"/fields/System.History","value":"Jane wrote:\n\n<blockquote>It broke</blockquote>"}]""",
            patch.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void ForUpdate_null_or_empty_comment_adds_nothing_and_never_removes_history(string? comment)
    {
        var patch = WorkItemPatch.ForUpdate(new WorkItemUpdateFields { Comment = comment });

        Assert.True(patch.IsEmpty);
        Assert.Equal("[]", patch.ToString());
    }

    [Fact]
    public void ForUpdate_with_everything_unset_is_the_empty_array()
    {
        var patch = WorkItemPatch.ForUpdate(new WorkItemUpdateFields());

        Assert.Equal("[]", patch.ToString());
        Assert.Equal("[]"u8.ToArray(), patch.ToUtf8Bytes());
        Assert.Same(WorkItemPatch.Empty, patch);
    }

    [Fact]
    public void ForUpdate_empty_title_is_a_replace_with_an_empty_string_not_a_remove()
    {
        var patch = WorkItemPatch.ForUpdate(new WorkItemUpdateFields { Title = "" });

        Assert.Equal("""[{"op":"replace","path":"/fields/System.Title","value":""}]""", patch.ToString());
    }

    [Fact]
    public void ForUpdate_writes_title_description_link_assignee_state_custom_fields_then_comment()
    {
        var patch = WorkItemPatch.ForUpdate(new WorkItemUpdateFields
        {
            // Deliberately initialised out of order: the document order must not depend on it.
            Comment = "c",
            State = "Active",
            Fields = new Dictionary<string, PatchValue> { ["Custom.Severity"] = "High" },
            AssignedTo = "a@example.com",
            Link = PatchRelation.Hyperlink("https://host.example/issues/1"),
            Description = "<p>d</p>",
            Title = "t",
        });

        Assert.Equal(
            "[" +
            """{"op":"replace","path":"/fields/System.Title","value":"t"},""" +
            """{"op":"replace","path":"/fields/System.Description","value":"<p>d</p>"},""" +
            """{"op":"add","path":"/relations/-","value":{"rel":"Hyperlink","url":"https://host.example/issues/1"}},""" +
            """{"op":"replace","path":"/fields/System.AssignedTo","value":"a@example.com"},""" +
            """{"op":"replace","path":"/fields/System.State","value":"Active"},""" +
            """{"op":"replace","path":"/fields/Custom.Severity","value":"High"},""" +
            """{"op":"add","path":"/fields/System.History","value":"c"}""" +
            "]",
            patch.ToString());
    }

    [Fact]
    public void ForUpdate_expected_revision_puts_a_test_of_rev_first()
    {
        var patch = WorkItemPatch.ForUpdate(new WorkItemUpdateFields { State = "Closed", ExpectedRevision = 7 });

        Assert.Equal(
            """[{"op":"test","path":"/rev","value":7},{"op":"replace","path":"/fields/System.State","value":"Closed"}]""",
            patch.ToString());
        Assert.Equal(7, patch.TestedRevision);
    }

    [Fact]
    public void ForUpdate_custom_field_set_to_PatchValue_Null_is_removed_and_a_value_is_replaced()
    {
        var patch = WorkItemPatch.ForUpdate(new WorkItemUpdateFields
        {
            Fields = new Dictionary<string, PatchValue>
            {
                ["Custom.Gone"] = PatchValue.Null,
                ["Custom.Points"] = 5,
                ["Custom.A/B"] = true,
            },
        });

        Assert.Equal(
            "[" +
            """{"op":"remove","path":"/fields/Custom.Gone"},""" +
            """{"op":"replace","path":"/fields/Custom.Points","value":5},""" +
            """{"op":"replace","path":"/fields/Custom.A~1B","value":true}""" +
            "]",
            patch.ToString());
    }

    [Fact]
    public void ForUpdate_rejects_null_fields()
    {
        Assert.Throws<ArgumentNullException>(() => WorkItemPatch.ForUpdate(null!));
    }

    // ---- ForCreate ----

    [Fact]
    public void ForCreate_reference_example_writes_the_html_description_as_description_and_history()
    {
        var patch = WorkItemPatch.ForCreate(new WorkItemCreateFields
        {
            Title = "Hello",
            Description = "<p>Fix this.</p>\n",
            Comment = "<p>Fix this.</p>\n",
        });

        // Relaxed escaping: "<p>" stays literal, the newline is the two characters \n.
        Assert.Equal(
            "[" +
            """{"op":"add","path":"/fields/System.Title","value":"Hello"},""" +
            """{"op":"add","path":"/fields/System.Description","value":"<p>Fix this.</p>\n"},""" +
            """{"op":"add","path":"/fields/System.History","value":"<p>Fix this.</p>\n"}""" +
            "]",
            patch.ToString());
    }

    [Fact]
    public void ForCreate_empty_description_omits_both_description_and_history()
    {
        var patch = WorkItemPatch.ForCreate(new WorkItemCreateFields { Title = "Hello", Description = "", Comment = "" });

        Assert.Equal("""[{"op":"add","path":"/fields/System.Title","value":"Hello"}]""", patch.ToString());
    }

    [Fact]
    public void ForCreate_with_nothing_set_is_the_empty_array()
    {
        Assert.Equal("[]", WorkItemPatch.ForCreate(new WorkItemCreateFields()).ToString());
    }

    [Fact]
    public void ForCreate_writes_only_add_operations_for_every_supported_field_in_documented_order()
    {
        var patch = WorkItemPatch.ForCreate(new WorkItemCreateFields
        {
            Relations = [PatchRelation.Hyperlink("https://host.example/issues/9", "Host issue")],
            Fields = new Dictionary<string, PatchValue> { ["Custom.Team"] = "Web", ["Custom.Points"] = 3 },
            AssignedTo = "dev@example.com",
            Priority = 2,
            Tags = ["host", "web"],
            IterationPath = @"Fabrikam\Sprint 1",
            AreaPath = @"Fabrikam\Web",
            Comment = "<p>first</p>",
            Description = "<p>desc</p>",
            Title = "Crash",
        });

        Assert.Equal(
            "[" +
            """{"op":"add","path":"/fields/System.Title","value":"Crash"},""" +
            """{"op":"add","path":"/fields/System.Description","value":"<p>desc</p>"},""" +
            """{"op":"add","path":"/fields/System.History","value":"<p>first</p>"},""" +
            """{"op":"add","path":"/fields/System.AreaPath","value":"Fabrikam\\Web"},""" +
            """{"op":"add","path":"/fields/System.IterationPath","value":"Fabrikam\\Sprint 1"},""" +
            """{"op":"add","path":"/fields/System.Tags","value":"host; web"},""" +
            """{"op":"add","path":"/fields/Microsoft.VSTS.Common.Priority","value":2},""" +
            """{"op":"add","path":"/fields/System.AssignedTo","value":"dev@example.com"},""" +
            """{"op":"add","path":"/fields/Custom.Team","value":"Web"},""" +
            """{"op":"add","path":"/fields/Custom.Points","value":3},""" +
            """{"op":"add","path":"/relations/-","value":{"rel":"Hyperlink","url":"https://host.example/issues/9","attributes":{"comment":"Host issue"}}}""" +
            "]",
            patch.ToString());
        Assert.All(patch.Operations, operation => Assert.Equal(WorkItemPatchOperationType.Add, operation.Operation));
    }

    [Fact]
    public void ForCreate_joins_tags_with_semicolon_space_trimming_and_dropping_blanks_and_case_insensitive_duplicates()
    {
        var patch = WorkItemPatch.ForCreate(new WorkItemCreateFields
        {
            Tags = [" crash ", "", "   ", "Crash", "backend", null!, "BACKEND", "ui"],
        });

        Assert.Equal("""[{"op":"add","path":"/fields/System.Tags","value":"crash; backend; ui"}]""", patch.ToString());
    }

    [Fact]
    public void ForCreate_tags_that_are_all_blank_produce_no_operation()
    {
        Assert.True(WorkItemPatch.ForCreate(new WorkItemCreateFields { Tags = ["", " "] }).IsEmpty);
        Assert.True(WorkItemPatch.ForCreate(new WorkItemCreateFields { Tags = [] }).IsEmpty);
    }

    [Fact]
    public void ForCreate_skips_null_and_empty_custom_fields_but_keeps_zero_and_false()
    {
        var patch = WorkItemPatch.ForCreate(new WorkItemCreateFields
        {
            Fields = new Dictionary<string, PatchValue>
            {
                ["Custom.Null"] = PatchValue.Null,
                ["Custom.Empty"] = "",
                ["Custom.Unset"] = default,
                ["Custom.Zero"] = 0,
                ["Custom.False"] = false,
            },
        });

        Assert.Equal(
            """[{"op":"add","path":"/fields/Custom.Zero","value":0},{"op":"add","path":"/fields/Custom.False","value":false}]""",
            patch.ToString());
    }

    [Fact]
    public void ForCreate_rejects_null_fields()
    {
        Assert.Throws<ArgumentNullException>(() => WorkItemPatch.ForCreate(null!));
    }

    // ---- WithRevisionTest and TestedRevision ----

    [Fact]
    public void WithRevisionTest_puts_the_test_first_and_replaces_an_existing_rev_test()
    {
        var original = WorkItemPatch.CreateBuilder()
            .ReplaceField(WorkItemFields.State, "Done")
            .TestRevision(3)
            .Build();

        var guarded = original.WithRevisionTest(9);

        Assert.Equal(
            """[{"op":"test","path":"/rev","value":9},{"op":"replace","path":"/fields/System.State","value":"Done"}]""",
            guarded.ToString());
        Assert.Equal(9, guarded.TestedRevision);
        Assert.Equal(3, original.TestedRevision);
        Assert.Equal(2, original.Count);
    }

    [Fact]
    public void WithRevisionTest_keeps_tests_of_other_paths()
    {
        var guarded = WorkItemPatch.CreateBuilder()
            .TestField(WorkItemFields.State, "Active")
            .ReplaceField(WorkItemFields.State, "Done")
            .Build()
            .WithRevisionTest(4);

        Assert.Equal(
            "[" +
            """{"op":"test","path":"/rev","value":4},""" +
            """{"op":"test","path":"/fields/System.State","value":"Active"},""" +
            """{"op":"replace","path":"/fields/System.State","value":"Done"}""" +
            "]",
            guarded.ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void WithRevisionTest_rejects_a_revision_that_is_not_positive(int revision)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WorkItemPatch.Empty.WithRevisionTest(revision));
    }

    [Fact]
    public void TestedRevision_is_null_without_a_rev_test()
    {
        var patch = WorkItemPatch.ForUpdate(new WorkItemUpdateFields { State = "Done" });

        Assert.Null(patch.TestedRevision);
        Assert.Null(WorkItemPatch.Empty.TestedRevision);
    }

    // ---- Immutability ----

    [Fact]
    public void Operations_cannot_be_cast_back_to_a_mutable_collection()
    {
        var patch = WorkItemPatch.ForUpdate(new WorkItemUpdateFields { State = "Done" });

        Assert.IsNotType<WorkItemPatchOperation[]>(patch.Operations);
        Assert.IsNotType<List<WorkItemPatchOperation>>(patch.Operations);
        var asList = Assert.IsAssignableFrom<IList<WorkItemPatchOperation>>(patch.Operations);
        Assert.True(asList.IsReadOnly);
        Assert.Throws<NotSupportedException>(() => asList[0] = new WorkItemPatchOperation(WorkItemPatchOperationType.Remove, "/fields/System.State", default));
        Assert.Throws<NotSupportedException>(() => asList.Add(default));
        Assert.Throws<NotSupportedException>(() => asList.Clear());
        Assert.Equal("""[{"op":"replace","path":"/fields/System.State","value":"Done"}]""", patch.ToString());
    }

    [Fact]
    public void Empty_writes_an_empty_array_and_has_no_operations()
    {
        Assert.True(WorkItemPatch.Empty.IsEmpty);
        Assert.Equal(0, WorkItemPatch.Empty.Count);
        Assert.Empty(WorkItemPatch.Empty.Operations);
        Assert.Equal("[]", WorkItemPatch.Empty.ToString());
    }

    // ---- Writers ----

    [Fact]
    public void ToString_ToUtf8Bytes_and_both_WriteTo_overloads_produce_the_same_bytes()
    {
        var patch = SamplePatch();
        var expected = Encoding.UTF8.GetBytes(patch.ToString());

        var buffer = new ArrayBufferWriter<byte>();
        patch.WriteTo(buffer);

        var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            patch.WriteTo(writer);
        }

        Assert.Equal(expected, patch.ToUtf8Bytes());
        Assert.Equal(expected, buffer.WrittenSpan.ToArray());
        Assert.Equal(expected, stream.ToArray());
    }

    [Fact]
    public void WriteTo_buffer_appends_after_what_the_buffer_already_holds()
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write("prefix:"u8);

        WorkItemPatch.ForUpdate(new WorkItemUpdateFields { State = "Done" }).WriteTo(buffer);

        Assert.Equal(
            """prefix:[{"op":"replace","path":"/fields/System.State","value":"Done"}]""",
            Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void WriteTo_buffer_can_be_repeated_into_a_reused_buffer_and_into_different_buffers()
    {
        var patch = SamplePatch();
        var expected = patch.ToUtf8Bytes();
        var reused = new ArrayBufferWriter<byte>(16);

        for (var i = 0; i < 3; i++)
        {
            reused.ResetWrittenCount();
            patch.WriteTo(reused);
            Assert.Equal(expected, reused.WrittenSpan.ToArray());

            var fresh = new ArrayBufferWriter<byte>();
            WorkItemPatch.ForUpdate(new WorkItemUpdateFields { Title = "other" }).WriteTo(fresh);
            Assert.Equal("""[{"op":"replace","path":"/fields/System.Title","value":"other"}]""", Encoding.UTF8.GetString(fresh.WrittenSpan));
        }
    }

    [Fact]
    public void WriteTo_a_reused_buffer_allocates_nothing_once_warm()
    {
        var patch = SamplePatch();
        var buffer = new ArrayBufferWriter<byte>(4096);
        patch.WriteTo(buffer); // the first call on a thread creates its reusable writer

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            buffer.ResetWrittenCount();
            patch.WriteTo(buffer);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void ToUtf8Bytes_returns_a_new_array_each_time()
    {
        var patch = SamplePatch();

        var first = patch.ToUtf8Bytes();
        var second = patch.ToUtf8Bytes();

        Assert.NotSame(first, second);
        Assert.Equal(first, second);
    }

    [Fact]
    public void A_large_patch_is_written_whole()
    {
        var description = string.Concat(Enumerable.Repeat("<p>A long \"quoted\" paragraph – naïve.</p>\n", 10_000));
        var patch = WorkItemPatch.ForUpdate(new WorkItemUpdateFields { Description = description });

        using var document = JsonDocument.Parse(patch.ToUtf8Bytes());

        Assert.Equal(description, document.RootElement[0].GetProperty("value").GetString());
        // The per-thread buffer is dropped after a large body; the next small patch is still right.
        Assert.Equal("[]", WorkItemPatch.Empty.ToString());
    }

    [Fact]
    public void WriteTo_rejects_null_writers()
    {
        Assert.Throws<ArgumentNullException>(() => WorkItemPatch.Empty.WriteTo((Utf8JsonWriter)null!));
        Assert.Throws<ArgumentNullException>(() => WorkItemPatch.Empty.WriteTo((IBufferWriter<byte>)null!));
    }

    [Fact]
    public void MediaType_is_the_json_patch_media_type()
    {
        Assert.Equal("application/json-patch+json", WorkItemPatch.MediaType);
    }

    private static WorkItemPatch SamplePatch() => WorkItemPatch.ForUpdate(new WorkItemUpdateFields
    {
        ExpectedRevision = 12,
        Title = "Crash \"in\" naïve code",
        Description = "<p>Line one</p>\n<p>Line two</p>",
        RemoveFields = [WorkItemFields.AssignedTo],
        State = "Resolved",
        Fields = new Dictionary<string, PatchValue> { ["Custom.Ratio"] = 0.25 },
        Link = PatchRelation.Hyperlink("https://host.example/issues/1", "Host issue"),
        Comment = "Resolved in the host.",
    });
}
