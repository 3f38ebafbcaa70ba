using System.Net;
using System.Text.Json.Nodes;
using IssueSync.Sdk.Testing;
using static IssueSync.Sdk.IntegrationTests.Emulator.ProcessRequests;

namespace IssueSync.Sdk.IntegrationTests.Emulator;

public class ProcessRuleTests
{
    private static readonly JsonNode Title = JsonValue.Create("Checkout fails");

    [Fact]
    public async Task A_missing_required_field_is_a_TF401320_rule_error_with_Azure_DevOps_custom_properties_and_creates_nothing()
    {
        await using var emulator = await StartWithAsync(VstsEmulatedProcess.AgileCustom);

        var (status, body) = await CreateAsync(emulator, "Board", "Bug", ("/fields/System.Title", Title));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        const string Message = "TF401320: Rule Error for field Customer Severity. Error code: Required, HasValues, LimitedToValues, AllowsOldValue, InvalidEmpty.";
        var expected = JsonNode.Parse($$"""
            {
              "$id": "1",
              "innerException": null,
              "message": "{{Message}}",
              "customProperties": {
                "FieldReferenceName": "Custom.Severity",
                "FieldStatusFlags": "required, hasValues, limitedToValues, allowsOldValue, invalidEmpty",
                "ErrorMessage": "{{Message}}",
                "FieldStatusCode": 524365,
                "RuleValidationErrors": [
                  {
                    "fieldReferenceName": "Custom.Severity",
                    "fieldStatusFlags": "required, hasValues, limitedToValues, allowsOldValue, invalidEmpty",
                    "errorMessage": "{{Message}}",
                    "fieldStatusCode": 524365,
                    "ruleValidationErrors": null
                  }
                ]
              },
              "typeKey": "RuleValidationException",
              "errorCode": 0,
              "eventId": 3200
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, body), body!.ToJsonString());
        Assert.Null(emulator.Organization.GetWorkItem(1));
    }

    [Fact]
    public async Task An_empty_title_keeps_the_required_invalid_empty_code_Azure_DevOps_answers()
    {
        await using var emulator = await StartWithAsync(VstsEmulatedProcess.Basic);

        var (status, body) = await CreateAsync(emulator, "Board", "Issue", ("/fields/System.Description", JsonValue.Create("no title")));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(("TF401320: Rule Error for field Title. Error code: Required, InvalidEmpty.", "System.Title", "required, invalidEmpty", 524289),
            ((string?)body!["message"], (string?)body["customProperties"]!["FieldReferenceName"], (string?)body["customProperties"]!["FieldStatusFlags"], (int)body["customProperties"]!["FieldStatusCode"]!));
    }

    [Fact]
    public async Task Several_broken_rules_answer_together_with_the_first_message_and_a_count()
    {
        await using var emulator = await StartWithAsync(VstsEmulatedProcess.AgileCustom);

        var (status, body) = await CreateAsync(emulator, "Board", "Bug", ("/fields/Microsoft.VSTS.Common.Priority", JsonValue.Create(7)));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(
            "TF401320: Rule Error for field Title. Error code: Required, InvalidEmpty. 2 additional errors occurred during validation of the work item. Please correct all errors and try again.",
            (string?)body!["message"]);
        var properties = body["customProperties"]!;
        Assert.Equal(((string?)null, "none", 0), ((string?)properties["FieldReferenceName"], (string?)properties["FieldStatusFlags"], (int)properties["FieldStatusCode"]!));
        Assert.Equal(
            [
                ("System.Title", "required, invalidEmpty"),
                ("Microsoft.VSTS.Common.Priority", "hasValues, limitedToValues, allowsOldValue, invalidListValue"),
                ("Custom.Severity", "required, hasValues, limitedToValues, allowsOldValue, invalidEmpty"),
            ],
            properties["RuleValidationErrors"]!.AsArray().Select(e => ((string)e!["fieldReferenceName"]!, (string)e["fieldStatusFlags"]!)));
        Assert.Equal("TF401320: Rule Error for field Priority. Error code: HasValues, LimitedToValues, AllowsOldValue, InvalidListValue.", (string?)properties["RuleValidationErrors"]![1]!["errorMessage"]);
    }

    [Fact]
    public async Task One_more_broken_rule_is_worded_in_the_singular()
    {
        await using var emulator = await StartWithAsync(VstsEmulatedProcess.AgileCustom);

        var (_, body) = await CreateAsync(emulator, "Board", "Bug");

        Assert.Equal(
            "TF401320: Rule Error for field Title. Error code: Required, InvalidEmpty. One additional error occurred during validation of the work item. Please correct all errors and try again.",
            (string?)body!["message"]);
    }

    [Fact]
    public async Task A_value_outside_the_allowed_values_is_an_invalid_list_value_on_create_and_update()
    {
        await using var emulator = await StartWithAsync(VstsEmulatedProcess.AgileCustom);
        var (createdStatus, created) = await CreateAsync(emulator, "Board", "Bug", ("/fields/System.Title", Title), ("/fields/Custom.Severity", JsonValue.Create("high")));

        var (createStatus, createBody) = await CreateAsync(emulator, "Board", "Bug", ("/fields/System.Title", Title), ("/fields/Custom.Severity", JsonValue.Create("Meh")));
        var (updateStatus, updateBody) = await PatchAsync(emulator, HttpMethod.Patch, $"_apis/wit/workitems/{(int)created!["id"]!}?api-version=7.1", PatchOf(("/fields/Custom.Severity", JsonValue.Create("Meh"))));

        const string Message = "TF401320: Rule Error for field Customer Severity. Error code: Required, HasValues, LimitedToValues, AllowsOldValue, InvalidListValue.";
        Assert.Equal(HttpStatusCode.OK, createdStatus);
        Assert.Equal((HttpStatusCode.BadRequest, Message, "required, hasValues, limitedToValues, allowsOldValue, invalidListValue"),
            (createStatus, (string?)createBody!["message"], (string?)createBody["customProperties"]!["FieldStatusFlags"]));
        Assert.Equal((HttpStatusCode.BadRequest, Message), (updateStatus, (string?)updateBody!["message"]));
        var item = emulator.Organization.GetWorkItem((int)created["id"]!)!;
        Assert.Equal((1, "high"), (item.Revision, item.GetString("Custom.Severity")));
        Assert.Null(emulator.Organization.GetWorkItem(2));
    }

    [Fact]
    public async Task A_state_the_type_does_not_have_is_refused_and_creates_nothing()
    {
        await using var emulator = await StartWithAsync(VstsEmulatedProcess.Basic);

        var (status, body) = await CreateAsync(emulator, "Board", "Issue", ("/fields/System.Title", Title), ("/fields/System.State", JsonValue.Create("Active")));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(("The field 'State' contains the value 'Active' that is not in the list of supported values", "RuleValidationException", "System.State"),
            ((string?)body!["message"], (string?)body["typeKey"], (string?)body["customProperties"]!["FieldReferenceName"]));
        Assert.Null(emulator.Organization.GetWorkItem(1));
    }

    [Theory]
    [InlineData("System.AreaPath", @"Board\Nowhere")]
    [InlineData("System.AreaPath", @"Other\Web")]
    [InlineData("System.IterationPath", @"Board\Sprint 9")]
    public async Task An_unknown_area_or_iteration_is_TF401347_and_creates_nothing(string field, string path)
    {
        await using var emulator = await StartWithAsync(VstsEmulatedProcess.Scrum);

        var (status, body) = await CreateAsync(emulator, "Board", "Product Backlog Item", ("/fields/System.Title", Title), ($"/fields/{field}", JsonValue.Create(path)));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal($"TF401347: Invalid tree name given for work item -1, field '{field}'.", (string?)body!["message"]);
        Assert.Null(emulator.Organization.GetWorkItem(1));
    }

    [Fact]
    public async Task Known_nested_areas_and_iterations_with_spaces_are_accepted()
    {
        await using var emulator = await StartWithAsync(VstsEmulatedProcess.Scrum);
        var area = emulator.Organization.AddAreaPath("Board", @"Mobile Apps\iOS");

        var (status, body) = await CreateAsync(emulator, "Board", "Task",
            ("/fields/System.Title", Title), ("/fields/System.AreaPath", JsonValue.Create(area)), ("/fields/System.IterationPath", JsonValue.Create(@"Board\Release 1\Sprint 3")));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((@"Board\Mobile Apps\iOS", @"Board\Release 1\Sprint 3", "To Do"),
            ((string?)body!["fields"]!["System.AreaPath"], (string?)body["fields"]!["System.IterationPath"], (string?)body["fields"]!["System.State"]));
    }

    [Theory]
    [InlineData("Microsoft.VSTS.Common.Priority", "high")]
    [InlineData("Microsoft.VSTS.Scheduling.Effort", "a lot")]
    [InlineData("Microsoft.VSTS.Scheduling.TargetDate", "next week")]
    public async Task A_value_of_the_wrong_data_type_is_refused_and_creates_nothing(string field, string value)
    {
        await using var emulator = await StartWithAsync(VstsEmulatedProcess.Basic);

        var (status, body) = await CreateAsync(emulator, "Board", "Epic", ("/fields/System.Title", Title), ($"/fields/{field}", JsonValue.Create(value)));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(($"TF401326: Invalid field status 'InvalidType' for field '{field}'.", "RuleValidationException", field, "invalidType"),
            ((string?)body!["message"], (string?)body["typeKey"], (string?)body["customProperties"]!["FieldReferenceName"], (string?)body["customProperties"]!["FieldStatusFlags"]));
        Assert.Null(emulator.Organization.GetWorkItem(1));
    }

    [Fact]
    public async Task Numeric_text_for_a_number_field_is_accepted_as_Azure_DevOps_converts_it()
    {
        await using var emulator = await StartWithAsync(VstsEmulatedProcess.Basic);

        var (status, body) = await CreateAsync(emulator, "Board", "Epic", ("/fields/System.Title", Title), ("/fields/Microsoft.VSTS.Common.Priority", JsonValue.Create("3")));

        Assert.Equal((HttpStatusCode.OK, "3"), (status, body!["fields"]!["Microsoft.VSTS.Common.Priority"]!.ToJsonString().Trim('"')));
    }

    [Theory]
    [InlineData(VstsEmulatedProcess.Basic, "Issue", "Custom.Nope")]
    [InlineData(VstsEmulatedProcess.Basic, "Issue", "Microsoft.VSTS.TCM.ReproSteps")] // a field of the organization, not of the type
    [InlineData(VstsEmulatedProcess.Agile, "Bug", "Custom.Severity")] // only the custom process's Bug has it
    public async Task An_unknown_field_is_TF51535_and_creates_nothing(VstsEmulatedProcess process, string type, string field)
    {
        await using var emulator = await StartWithAsync(process);

        var (status, body) = await CreateAsync(emulator, "Board", type, ("/fields/System.Title", Title), ($"/fields/{field}", JsonValue.Create("x")));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal($"TF51535: Cannot find field {field}.", (string?)body!["message"]);
        Assert.Null(emulator.Organization.GetWorkItem(1));
    }

    [Fact]
    public async Task A_Bug_in_a_Basic_project_is_the_unknown_type_error()
    {
        await using var emulator = await StartWithAsync(VstsEmulatedProcess.Basic);

        var (status, body) = await CreateAsync(emulator, "Board", "Bug", ("/fields/System.Title", Title));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(("VS402323: Work item type Bug does not exist in project Board or you do not have permission to access it.", "WorkItemTypeNotFoundException"),
            ((string?)body!["message"], (string?)body["typeKey"]));
        Assert.Null(emulator.Organization.GetWorkItem(1));
        Assert.Throws<InvalidOperationException>(() => emulator.Organization.AddWorkItem("Board", "Bug", "Seeded"));
    }

    [Fact]
    public async Task The_renamed_state_of_the_custom_process_is_the_one_its_Bug_takes()
    {
        await using var emulator = await StartWithAsync(VstsEmulatedProcess.AgileCustom);
        var bug = emulator.Organization.AddWorkItem("Board", "Bug", "Crash", new Dictionary<string, object?> { ["Custom.Severity"] = "High" });

        var (fixedStatus, fixedBody) = await PatchAsync(emulator, HttpMethod.Patch, $"_apis/wit/workitems/{bug.Id}?api-version=7.1", PatchOf(("/fields/System.State", JsonValue.Create("fixed"))));
        var (resolvedStatus, resolvedBody) = await PatchAsync(emulator, HttpMethod.Patch, $"_apis/wit/workitems/{bug.Id}?api-version=7.1", PatchOf(("/fields/System.State", JsonValue.Create("Resolved"))));
        var (_, states) = await GetAsync(emulator, "Board/_apis/wit/workitemtypes/Bug/states?api-version=7.1");

        Assert.Equal((HttpStatusCode.OK, "Fixed", "Bug"), (fixedStatus, (string?)fixedBody!["fields"]!["System.State"], (string?)fixedBody["fields"]!["System.WorkItemType"]));
        Assert.Equal((HttpStatusCode.BadRequest, "The field 'State' contains the value 'Resolved' that is not in the list of supported values"), (resolvedStatus, (string?)resolvedBody!["message"]));
        Assert.Equal("Resolved", (string?)states!["value"]!.AsArray().Single(s => (string?)s!["name"] == "Fixed")!["category"]);
        Assert.Equal((2, "Fixed"), (emulator.Organization.GetWorkItem(bug.Id)!.Revision, emulator.Organization.GetWorkItem(bug.Id)!.State));
    }

    [Theory]
    [InlineData(VstsEmulatedProcess.Scrum, "Bug", "New", "3 - Medium")]
    [InlineData(VstsEmulatedProcess.Basic, "Issue", "To Do", null)]
    [InlineData(VstsEmulatedProcess.Agile, "User Story", "New", null)]
    public async Task Defaults_are_applied_for_fields_not_given(VstsEmulatedProcess process, string type, string state, string? severity)
    {
        await using var emulator = await StartWithAsync(process);

        var (status, body) = await CreateAsync(emulator, "Board", type, ("/fields/System.Title", Title));
        var (_, given) = await CreateAsync(emulator, "Board", type, ("/fields/System.Title", Title), ("/fields/Microsoft.VSTS.Common.Priority", JsonValue.Create(1)));

        Assert.Equal(HttpStatusCode.OK, status);
        var fields = body!["fields"]!;
        Assert.Equal((state, 2, severity, "Board", "Board"),
            ((string?)fields["System.State"], (int)fields["Microsoft.VSTS.Common.Priority"]!, (string?)fields["Microsoft.VSTS.Common.Severity"], (string?)fields["System.AreaPath"], (string?)fields["System.IterationPath"]));
        Assert.Equal(1, (int)given!["fields"]!["Microsoft.VSTS.Common.Priority"]!);
    }

    [Fact]
    public async Task A_parent_relation_is_stored_and_shown_on_the_child_with_relations_expanded()
    {
        await using var emulator = await StartWithAsync(VstsEmulatedProcess.Basic);
        var epic = emulator.Organization.AddWorkItem("Board", "Epic", "Payments");
        var epicUrl = $"{emulator.OrganizationUrl}{epic.ProjectId}/_apis/wit/workItems/{epic.Id}";
        var relation = new JsonObject { ["rel"] = "System.LinkTypes.Hierarchy-Reverse", ["url"] = epicUrl, ["attributes"] = new JsonObject { ["comment"] = "parent" } };

        var (status, created) = await CreateAsync(emulator, "Board", "Issue", ("/fields/System.Title", Title), ("/relations/-", relation));
        var id = (int)created!["id"]!;
        var (_, plain) = await GetAsync(emulator, $"_apis/wit/workitems/{id}?api-version=7.1");
        var (_, expanded) = await GetAsync(emulator, $"_apis/wit/workitems/{id}?$expand=relations&api-version=7.1");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(plain!.AsObject().ContainsKey("relations"));
        var shown = Assert.Single(expanded!["relations"]!.AsArray())!;
        Assert.Equal(("System.LinkTypes.Hierarchy-Reverse", epicUrl, "parent"), ((string?)shown["rel"], (string?)shown["url"], (string?)shown["attributes"]!["comment"]));
        Assert.Equal(("System.LinkTypes.Hierarchy-Reverse", epicUrl), (emulator.Organization.GetWorkItem(id)!.Relations[0].Rel, emulator.Organization.GetWorkItem(id)!.Relations[0].Url));
    }

    [Fact]
    public async Task Bypass_rules_skips_the_required_and_allowed_value_rules()
    {
        await using var emulator = await StartWithAsync(VstsEmulatedProcess.AgileCustom);

        var (status, body) = await PatchAsync(emulator, HttpMethod.Post, "Board/_apis/wit/workitems/$Bug?bypassRules=true&api-version=7.1", PatchOf(("/fields/System.Title", Title)));

        Assert.Equal((HttpStatusCode.OK, "New"), (status, (string?)body!["fields"]!["System.State"]));
    }

    private static async Task<VstsEmulator> StartWithAsync(VstsEmulatedProcess process)
    {
        var emulator = await VstsEmulator.StartAsync(new VstsEmulatorOptions { ProjectCount = 0 });
        emulator.Organization.AddProject("Board", process);
        return emulator;
    }
}
