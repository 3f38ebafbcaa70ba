using System.Net;
using System.Text.Json.Nodes;
using IssueSync.Sdk.Testing;
using static IssueSync.Sdk.IntegrationTests.Emulator.ProcessRequests;

namespace IssueSync.Sdk.IntegrationTests.Emulator;

public class ProcessRouteTests
{
    private const string AgileId = "adcc42ab-9882-485e-a3ed-7678f01f66bc";
    private const string ScrumId = "6b724908-ef14-45cf-84f8-768b5384da45";
    private const string BasicId = "b8a3a935-7e91-48b8-a94c-606d37c3e9f2";
    private const string CustomId = "5f6bd0e0-7d2a-4c63-9a1e-3c2f0b7a4e11";

    public static TheoryData<VstsEmulatedProcess, string, string, string[]> ProcessTypes => new()
    {
        { VstsEmulatedProcess.Agile, "Agile", AgileId, ["Bug", "Task", "User Story"] },
        { VstsEmulatedProcess.Scrum, "Scrum", ScrumId, ["Product Backlog Item", "Bug", "Task", "Epic", "Feature"] },
        { VstsEmulatedProcess.Basic, "Basic", BasicId, ["Epic", "Issue", "Task"] },
        { VstsEmulatedProcess.AgileCustom, "Agile (custom)", CustomId, ["Bug", "Task", "User Story"] },
    };

    public static TheoryData<VstsEmulatedProcess, string, string[], string[]> ProcessStates => new()
    {
        { VstsEmulatedProcess.Agile, "Bug", ["New", "Active", "Resolved", "Closed"], ["Proposed", "InProgress", "Resolved", "Completed"] },
        { VstsEmulatedProcess.Scrum, "Product Backlog Item", ["New", "Approved", "Committed", "Done", "Removed"], ["Proposed", "Proposed", "InProgress", "Completed", "Removed"] },
        { VstsEmulatedProcess.Scrum, "Task", ["To Do", "In Progress", "Done", "Removed"], ["Proposed", "InProgress", "Completed", "Removed"] },
        { VstsEmulatedProcess.Basic, "Issue", ["To Do", "Doing", "Done"], ["Proposed", "InProgress", "Completed"] },
        { VstsEmulatedProcess.AgileCustom, "Bug", ["New", "Active", "Fixed", "Closed"], ["Proposed", "InProgress", "Resolved", "Completed"] },
    };

    public static TheoryData<VstsEmulatedProcess, string[], string?, string?> ProcessCategories => new()
    {
        { VstsEmulatedProcess.Agile, ["Microsoft.BugCategory", "Microsoft.RequirementCategory", "Microsoft.TaskCategory"], "Bug", "User Story" },
        { VstsEmulatedProcess.Scrum, ["Microsoft.BugCategory", "Microsoft.RequirementCategory", "Microsoft.TaskCategory", "Microsoft.EpicCategory", "Microsoft.FeatureCategory"], "Bug", "Product Backlog Item" },
        { VstsEmulatedProcess.Basic, ["Microsoft.EpicCategory", "Microsoft.RequirementCategory", "Microsoft.TaskCategory"], null, "Issue" },
        { VstsEmulatedProcess.AgileCustom, ["Microsoft.BugCategory", "Microsoft.RequirementCategory", "Microsoft.TaskCategory"], "Bug", "User Story" },
    };

    [Fact]
    public async Task The_processes_list_the_three_system_processes_and_the_inherited_one()
    {
        await using var emulator = await VstsEmulator.StartAsync();

        var (status, body) = await GetAsync(emulator, "_apis/work/processes?api-version=7.1");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(4, (int)body!["count"]!);
        var rows = body["value"]!.AsArray().Select(p => (
            (string)p!["typeId"]!, (string)p["name"]!, (string?)p["referenceName"], (string)p["parentProcessTypeId"]!, (bool)p["isDefault"]!, (bool)p["isEnabled"]!, (string)p["customizationType"]!));
        Assert.Equal(
            [
                (AgileId, "Agile", null, Guid.Empty.ToString(), true, true, "system"),
                (ScrumId, "Scrum", null, Guid.Empty.ToString(), false, true, "system"),
                (BasicId, "Basic", null, Guid.Empty.ToString(), false, true, "system"),
                (CustomId, "Agile (custom)", "AgileCustom", AgileId, false, true, "inherited"),
            ],
            rows);
        Assert.All(body["value"]!.AsArray(), p => Assert.False(string.IsNullOrEmpty((string?)p!["description"])));
    }

    [Fact]
    public async Task A_process_reads_by_id_with_its_projects_and_an_unknown_id_is_404()
    {
        await using var emulator = await VstsEmulator.StartAsync(new VstsEmulatorOptions { ProjectCount = 0 });
        var project = emulator.Organization.AddProject("Custom", VstsEmulatedProcess.AgileCustom);

        var (status, body) = await GetAsync(emulator, $"_apis/work/processes/{CustomId}?$expand=projects&api-version=7.1");
        var (plainStatus, plain) = await GetAsync(emulator, $"_apis/work/processes/{BasicId}?api-version=7.1");
        var (missingStatus, missing) = await GetAsync(emulator, $"_apis/work/processes/{Guid.NewGuid()}?api-version=7.1");

        Assert.Equal((HttpStatusCode.OK, "Agile (custom)", "inherited", AgileId), (status, (string?)body!["name"], (string?)body["customizationType"], (string?)body["parentProcessTypeId"]));
        var listed = Assert.Single(body["projects"]!.AsArray());
        Assert.Equal((project.Id, "Custom"), ((string?)listed!["id"], (string?)listed["name"]));
        Assert.Equal((HttpStatusCode.OK, "Basic", false), (plainStatus, (string?)plain!["name"], plain.AsObject().ContainsKey("projects")));
        Assert.Equal(HttpStatusCode.NotFound, missingStatus);
        Assert.NotNull((string?)missing!["message"]);
    }

    [Theory]
    [MemberData(nameof(ProcessTypes))]
    public async Task A_project_shows_its_process_in_its_capabilities_and_lists_the_process_types(VstsEmulatedProcess process, string name, string typeId, string[] types)
    {
        await using var emulator = await VstsEmulator.StartAsync(new VstsEmulatorOptions { ProjectCount = 0 });
        var project = emulator.Organization.AddProject("Board", process, "A board");

        var (status, body) = await GetAsync(emulator, $"_apis/projects/{project.Id}?includeCapabilities=true&api-version=7.1");
        var (_, without) = await GetAsync(emulator, $"_apis/projects/{project.Id}?api-version=7.1");
        var (typesStatus, list) = await GetAsync(emulator, "Board/_apis/wit/workitemtypes?api-version=7.1");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((name, typeId), ((string?)body!["capabilities"]!["processTemplate"]!["templateName"], (string?)body["capabilities"]!["processTemplate"]!["templateTypeId"]));
        Assert.Equal(("Git", "True", "False"), ((string?)body["capabilities"]!["versioncontrol"]!["sourceControlType"], (string?)body["capabilities"]!["versioncontrol"]!["gitEnabled"], (string?)body["capabilities"]!["versioncontrol"]!["tfvcEnabled"]));
        Assert.False(without!.AsObject().ContainsKey("capabilities"));
        Assert.Equal(process, project.Process);
        Assert.Equal(HttpStatusCode.OK, typesStatus);
        Assert.Equal(types, list!["value"]!.AsArray().Select(t => (string)t!["name"]!));
        Assert.All(list["value"]!.AsArray(), t =>
        {
            Assert.False((bool)t!["isDisabled"]!);
            Assert.NotEmpty(t["states"]!.AsArray());
            Assert.Contains(t["fieldInstances"]!.AsArray(), f => (string?)f!["referenceName"] == "System.Title" && (bool)f["alwaysRequired"]!);
            Assert.Equal((string?)t["states"]![0]!["name"], (string?)t["transitions"]![string.Empty]![0]!["to"]);
            Assert.EndsWith("/_apis/wit/workItemTypes/" + Uri.EscapeDataString((string)t["referenceName"]!), (string)t["url"]!, StringComparison.Ordinal);
        });
    }

    [Theory]
    [MemberData(nameof(ProcessStates))]
    public async Task A_type_and_its_states_route_show_the_process_states_with_categories(VstsEmulatedProcess process, string type, string[] states, string[] categories)
    {
        await using var emulator = await VstsEmulator.StartAsync(new VstsEmulatorOptions { ProjectCount = 0 });
        emulator.Organization.AddProject("Board", process);

        var (status, body) = await GetAsync(emulator, $"Board/_apis/wit/workitemtypes/{Uri.EscapeDataString(type)}?api-version=7.1");
        var (statesStatus, list) = await GetAsync(emulator, $"Board/_apis/wit/workitemtypes/{Uri.EscapeDataString(type)}/states?api-version=7.1");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, type), (status, statesStatus, (string?)body!["name"]));
        Assert.Equal(states.Zip(categories), body["states"]!.AsArray().Select(s => ((string)s!["name"]!, (string)s["category"]!)));
        Assert.Equal(states.Zip(categories), list!["value"]!.AsArray().Select(s => ((string)s!["name"]!, (string)s["category"]!)));
    }

    [Theory]
    [MemberData(nameof(ProcessCategories))]
    public async Task The_categories_follow_the_process(VstsEmulatedProcess process, string[] categories, string? bugDefault, string? requirementDefault)
    {
        await using var emulator = await VstsEmulator.StartAsync(new VstsEmulatorOptions { ProjectCount = 0 });
        emulator.Organization.AddProject("Board", process);

        var (_, body) = await GetAsync(emulator, "Board/_apis/wit/workitemtypecategories?api-version=7.1");

        var list = body!["value"]!.AsArray();
        Assert.Equal(categories, list.Select(c => (string)c!["referenceName"]!));
        string? Default(string category) => (string?)list.FirstOrDefault(c => (string?)c!["referenceName"] == category)?["defaultWorkItemType"]!["name"];
        Assert.Equal((bugDefault, requirementDefault), (Default("Microsoft.BugCategory"), Default("Microsoft.RequirementCategory")));
    }

    [Fact]
    public async Task A_Basic_project_has_no_Bug_type()
    {
        await using var emulator = await VstsEmulator.StartAsync(new VstsEmulatorOptions { ProjectCount = 0 });
        emulator.Organization.AddProject("Simple", VstsEmulatedProcess.Basic);

        var (status, body) = await GetAsync(emulator, "Simple/_apis/wit/workitemtypes/Bug?api-version=7.1");
        var (fieldsStatus, _) = await GetAsync(emulator, "Simple/_apis/wit/workitemtypes/Bug/fields?api-version=7.1");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (status, fieldsStatus));
        Assert.Equal(("VS402323: Work item type Bug does not exist in project Simple or you do not have permission to access it.", "WorkItemTypeNotFoundException"), ((string?)body!["message"], (string?)body["typeKey"]));
    }

    [Fact]
    public async Task Type_fields_leave_out_allowed_and_default_values_unless_expanded()
    {
        await using var emulator = await VstsEmulator.StartAsync(new VstsEmulatorOptions { ProjectCount = 0 });
        emulator.Organization.AddProject("Custom", VstsEmulatedProcess.AgileCustom);

        var (status, plain) = await GetAsync(emulator, "Custom/_apis/wit/workitemtypes/Bug/fields?api-version=7.1");
        var (_, all) = await GetAsync(emulator, "Custom/_apis/wit/workitemtypes/Bug/fields?$expand=all&api-version=7.1");
        var (_, allowed) = await GetAsync(emulator, "Custom/_apis/wit/workitemtypes/Bug/fields?$expand=AllowedValues&api-version=7.1");
        var (badStatus, _) = await GetAsync(emulator, "Custom/_apis/wit/workitemtypes/Bug/fields?$expand=everything&api-version=7.1");
        var (oneStatus, one) = await GetAsync(emulator, "Custom/_apis/wit/workitemtypes/Bug/fields/Custom.Severity?$expand=all&api-version=7.1");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.OK), (status, badStatus, oneStatus));
        JsonNode Field(JsonNode? list, string name) => list!["value"]!.AsArray().Single(f => (string?)f!["referenceName"] == name)!;
        var severity = Field(plain, "Custom.Severity");
        Assert.Equal(["helpText", "alwaysRequired", "referenceName", "name", "url"], severity.AsObject().Select(p => p.Key));
        Assert.Equal((true, "Customer Severity"), ((bool)severity["alwaysRequired"]!, (string?)severity["name"]));
        Assert.EndsWith("/_apis/wit/fields/Custom.Severity", (string)severity["url"]!, StringComparison.Ordinal);
        Assert.All(plain!["value"]!.AsArray(), f => Assert.False(f!.AsObject().ContainsKey("allowedValues") || f.AsObject().ContainsKey("defaultValue")));

        var expanded = Field(all, "Custom.Severity");
        Assert.Equal(["Critical", "High", "Medium", "Low"], expanded["allowedValues"]!.AsArray().Select(v => (string)v!));
        Assert.Null(expanded["defaultValue"]);
        Assert.Empty(expanded["dependentFields"]!.AsArray());
        Assert.Equal(["New", "Active", "Fixed", "Closed"], Field(all, "System.State")["allowedValues"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(("New", true), ((string?)Field(all, "System.State")["defaultValue"], (bool)Field(all, "System.State")["alwaysRequired"]!));
        Assert.Equal(2, (int)Field(all, "Microsoft.VSTS.Common.Priority")["defaultValue"]!);
        Assert.Equal([1, 2, 3, 4], Field(all, "Microsoft.VSTS.Common.Priority")["allowedValues"]!.AsArray().Select(v => (int)v!));
        Assert.False(Field(allowed, "System.Title").AsObject().ContainsKey("dependentFields"));
        Assert.Equal("Custom.Severity", (string?)one!["referenceName"]);
        Assert.Equal(4, one["allowedValues"]!.AsArray().Count);
    }

    [Theory]
    [InlineData(VstsEmulatedProcess.Agile, "Bug", false)]
    [InlineData(VstsEmulatedProcess.Scrum, "Product Backlog Item", false)]
    [InlineData(VstsEmulatedProcess.Basic, "Issue", false)]
    [InlineData(VstsEmulatedProcess.AgileCustom, "Bug", true)]
    public async Task Each_process_lists_its_type_fields_with_title_required(VstsEmulatedProcess process, string type, bool severityRequired)
    {
        await using var emulator = await VstsEmulator.StartAsync(new VstsEmulatorOptions { ProjectCount = 0 });
        emulator.Organization.AddProject("Board", process);

        var (status, body) = await GetAsync(emulator, $"Board/_apis/wit/workitemtypes/{Uri.EscapeDataString(type)}/fields?$expand=all&api-version=7.1");

        Assert.Equal(HttpStatusCode.OK, status);
        var required = body!["value"]!.AsArray().Where(f => (bool)f!["alwaysRequired"]!).Select(f => (string)f!["referenceName"]!);
        Assert.Equal(severityRequired ? ["System.Title", "System.State", "Custom.Severity"] : ["System.Title", "System.State"], required);
        Assert.Equal(body["count"]!.GetValue<int>(), body["value"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_organization_fields_carry_data_types_and_identity_and_picklist_flags()
    {
        await using var emulator = await VstsEmulator.StartAsync();

        var (status, body) = await GetAsync(emulator, "_apis/wit/fields?api-version=7.1");
        var (oneStatus, one) = await GetAsync(emulator, "_apis/wit/fields/System.AreaPath?api-version=7.1");
        var (missingStatus, missing) = await GetAsync(emulator, "_apis/wit/fields/Custom.Nope?api-version=7.1");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NotFound), (status, oneStatus, missingStatus));
        JsonNode Field(string name) => body!["value"]!.AsArray().Single(f => (string?)f!["referenceName"] == name)!;
        (string, bool, bool, bool) Shape(string name) => ((string)Field(name)["type"]!, (bool)Field(name)["readOnly"]!, (bool)Field(name)["isIdentity"]!, (bool)Field(name)["isPicklist"]!);
        Assert.Equal(("integer", false, false, false), Shape("Microsoft.VSTS.Common.Priority"));
        Assert.Equal(("string", false, true, false), Shape("System.AssignedTo"));
        Assert.Equal(("treePath", false, false, false), Shape("System.IterationPath"));
        Assert.Equal(("dateTime", true, false, false), Shape("System.CreatedDate"));
        Assert.Equal(("html", false, false, false), Shape("System.Description"));
        Assert.Equal(("double", false, false, false), Shape("Microsoft.VSTS.Scheduling.StoryPoints"));
        Assert.Equal(("string", false, false, true), Shape("Custom.Severity"));
        Assert.NotNull((string?)Field("Custom.Severity")["picklistId"]);
        Assert.False(Field("System.Title").AsObject().ContainsKey("picklistId"));
        Assert.Equal(("workItem", false), ((string?)Field("System.Title")["usage"], (bool)Field("System.Title")["isPicklistSuggested"]!));
        Assert.Contains(Field("System.AreaPath")["supportedOperations"]!.AsArray(), o => (string?)o!["referenceName"] == "SupportedOperations.Under");
        Assert.Equal(("Area Path", "treePath"), ((string?)one!["name"], (string?)one["type"]));
        Assert.StartsWith("TF51535", (string)missing!["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Area_nodes_honour_depth_and_an_unknown_path_is_404()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        emulator.Organization.AddAreaPath("Project 1", @"Web\Checkout\Payments");

        var (rootStatus, root) = await GetAsync(emulator, "Project%201/_apis/wit/classificationnodes/areas?api-version=7.1");
        var (_, deep) = await GetAsync(emulator, "Project%201/_apis/wit/classificationnodes/areas?$depth=2&api-version=7.1");
        var (nodeStatus, node) = await GetAsync(emulator, "Project%201/_apis/wit/classificationnodes/Areas/Web/Checkout?$depth=1&api-version=7.1");
        var (spaceStatus, space) = await GetAsync(emulator, "Project%201/_apis/wit/classificationnodes/areas/Mobile%20Apps?api-version=7.1");
        var (missingStatus, missing) = await GetAsync(emulator, "Project%201/_apis/wit/classificationnodes/areas/Web/Nowhere?api-version=7.1");
        var (groupStatus, _) = await GetAsync(emulator, "Project%201/_apis/wit/classificationnodes/teams?api-version=7.1");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.BadRequest), (rootStatus, nodeStatus, spaceStatus, missingStatus, groupStatus));
        Assert.Equal(("Project 1", "area", true, @"\Project 1\Area"), ((string?)root!["name"], (string?)root["structureType"], (bool)root["hasChildren"]!, (string?)root["path"]));
        Assert.False(root.AsObject().ContainsKey("children"));
        Assert.True(Guid.TryParse((string?)root["identifier"], out _));
        Assert.True((int)root["id"]! > 0);
        var web = deep!["children"]!.AsArray().Single(c => (string?)c!["name"] == "Web")!;
        Assert.Equal(["Web", "Mobile Apps"], deep["children"]!.AsArray().Select(c => (string)c!["name"]!));
        var checkout = Assert.Single(web["children"]!.AsArray())!;
        Assert.Equal((@"\Project 1\Area\Web\Checkout", true), ((string?)checkout["path"], (bool)checkout["hasChildren"]!));
        Assert.False(checkout.AsObject().ContainsKey("children")); // $depth=2 stops there
        Assert.Equal(@"\Project 1\Area\Web\Checkout\Payments", (string?)Assert.Single(node!["children"]!.AsArray())!["path"]);
        Assert.EndsWith("/_apis/wit/classificationNodes/Areas/Web/Checkout", (string)node["url"]!, StringComparison.Ordinal);
        Assert.EndsWith("/_apis/wit/classificationNodes/Areas/Web", (string)node["_links"]!["parent"]!["href"]!, StringComparison.Ordinal);
        Assert.Equal((@"\Project 1\Area\Mobile Apps", false), ((string?)space!["path"], (bool)space["hasChildren"]!));
        Assert.Equal(@"TF200014: The following node does not exist: \Project 1\Area\Web\Nowhere. Verify that the path of the node is correct.", (string?)missing!["message"]);
    }

    [Fact]
    public async Task Iteration_nodes_carry_their_dates_and_the_root_nodes_route_lists_both_trees()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        var added = emulator.Organization.AddIterationPath("Project 1", @"Release 2\Sprint 4", new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 13, 0, 0, 0, TimeSpan.Zero));

        var (status, iterations) = await GetAsync(emulator, "Project%201/_apis/wit/classificationnodes/iterations?$depth=2&api-version=7.1");
        var (rootsStatus, roots) = await GetAsync(emulator, "Project%201/_apis/wit/classificationnodes?$depth=1&api-version=7.1");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, @"Project 1\Release 2\Sprint 4"), (status, rootsStatus, added));
        var children = iterations!["children"]!.AsArray();
        Assert.Equal(["Sprint 1", "Sprint 2", "Release 1", "Release 2"], children.Select(c => (string)c!["name"]!));
        var sprint1 = children[0]!;
        Assert.Equal(("iteration", @"\Project 1\Iteration\Sprint 1", "2026-01-05T00:00:00Z", "2026-01-16T00:00:00Z"),
            ((string?)sprint1["structureType"], (string?)sprint1["path"], (string?)sprint1["attributes"]!["startDate"], (string?)sprint1["attributes"]!["finishDate"]));
        Assert.False(children[2]!.AsObject().ContainsKey("attributes")); // Release 1 has no dates
        var sprint4 = Assert.Single(children[3]!["children"]!.AsArray())!;
        Assert.Equal(("2026-03-02T00:00:00Z", "2026-03-13T00:00:00Z"), ((string?)sprint4["attributes"]!["startDate"], (string?)sprint4["attributes"]!["finishDate"]));
        Assert.Equal(2, (int)roots!["count"]!);
        Assert.Equal([("area", 2), ("iteration", 4)], roots["value"]!.AsArray().Select(r => ((string)r!["structureType"]!, r["children"]!.AsArray().Count)));
    }

    [Fact]
    public async Task The_process_routes_are_recorded_and_fault_rules_apply_to_them()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        emulator.AddFault(new FaultRule { Method = HttpMethod.Get, Path = "{project}/_apis/wit/workitemtypes/{type}/fields", Fault = EmulatorFault.Status(503), Times = 1 });

        var (first, _) = await GetAsync(emulator, "Project%201/_apis/wit/workitemtypes/Bug/fields?$expand=all&api-version=7.1");
        var (second, _) = await GetAsync(emulator, "Project%201/_apis/wit/workitemtypes/Bug/fields?$expand=all&api-version=7.1");
        var (noVersion, _) = await GetAsync(emulator, "Project%201/_apis/wit/classificationnodes/areas");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK, HttpStatusCode.BadRequest), (first, second, noVersion));
        Assert.Equal(
            [("/emulated/Project%201/_apis/wit/workitemtypes/Bug/fields?$expand=all&api-version=7.1", 503), ("/emulated/Project%201/_apis/wit/workitemtypes/Bug/fields?$expand=all&api-version=7.1", 200), ("/emulated/Project%201/_apis/wit/classificationnodes/areas", 400)],
            emulator.Requests.Select(r => (r.PathAndQuery, r.StatusCode)));
    }

    [Fact]
    public async Task Adding_a_path_checks_its_project_and_names()
    {
        await using var emulator = await VstsEmulator.StartAsync();

        Assert.Throws<InvalidOperationException>(() => emulator.Organization.AddAreaPath("Nope", "Web"));
        Assert.Throws<ArgumentException>(() => emulator.Organization.AddAreaPath("Project 1", @"Web\\Checkout"));
        Assert.Throws<ArgumentException>(() => emulator.Organization.AddProject("Odd", (VstsEmulatedProcess)42));
        Assert.Equal(@"Project 1\Web", emulator.Organization.AddAreaPath("Project 1", "web")); // exists: unchanged, as named first
    }
}
