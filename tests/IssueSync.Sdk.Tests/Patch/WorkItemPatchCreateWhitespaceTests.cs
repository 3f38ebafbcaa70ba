using IssueSync.Sdk.Patch;

namespace IssueSync.Sdk.Tests.Patch;

public class WorkItemPatchCreateWhitespaceTests
{
    [Fact]
    public void White_space_is_a_value_for_well_known_and_custom_fields_alike()
    {
        var patch = WorkItemPatch.ForCreate(new WorkItemCreateFields
        {
            Title = " ",
            Fields = new Dictionary<string, PatchValue> { ["Custom.Note"] = " ", ["Custom.Empty"] = "", ["Custom.Null"] = PatchValue.Null },
        });

        Assert.Equal(
            """[{"op":"add","path":"/fields/System.Title","value":" "},{"op":"add","path":"/fields/Custom.Note","value":" "}]""",
            patch.ToString());
    }
}
