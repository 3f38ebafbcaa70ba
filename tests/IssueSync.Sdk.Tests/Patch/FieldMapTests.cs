using IssueSync.Sdk.Patch;

namespace IssueSync.Sdk.Tests.Patch;

public class FieldMapTests
{
    [Theory]
    [InlineData("title", "/fields/System.Title")]
    [InlineData("description", "/fields/System.Description")]
    [InlineData("comment", "/fields/System.History")]
    [InlineData("link", "/relations/-")]
    [InlineData("assigned_to", "/fields/System.AssignedTo")]
    [InlineData("state", "/fields/System.State")]
    public void GetPath_maps_each_logical_name_to_its_reference_path(string logicalName, string expectedPath)
    {
        Assert.Equal(expectedPath, FieldMap.GetPath(logicalName));
    }

    [Fact]
    public void Paths_lists_exactly_the_six_logical_names_of_the_reference_field_map()
    {
        Assert.Equal(
            ["assigned_to", "comment", "description", "link", "state", "title"],
            FieldMap.Paths.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Logical_name_constants_match_the_reference_spelling()
    {
        Assert.Equal("title", FieldMap.Title);
        Assert.Equal("description", FieldMap.Description);
        Assert.Equal("comment", FieldMap.Comment);
        Assert.Equal("link", FieldMap.Link);
        Assert.Equal("assigned_to", FieldMap.AssignedTo);
        Assert.Equal("state", FieldMap.State);
    }

    [Theory]
    [InlineData("priority")]
    [InlineData("Title")]
    [InlineData("")]
    public void GetPath_of_an_unknown_logical_name_throws_an_ArgumentException_naming_the_valid_ones(string logicalName)
    {
        var exception = Assert.Throws<ArgumentException>(() => FieldMap.GetPath(logicalName));

        Assert.Equal("logicalName", exception.ParamName);
        Assert.Contains($"'{logicalName}'", exception.Message, StringComparison.Ordinal);
        foreach (var valid in FieldMap.Paths.Keys)
        {
            Assert.Contains(valid, exception.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void GetPath_of_null_throws_ArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => FieldMap.GetPath(null!));
    }

    [Theory]
    [InlineData("System.Title", "/fields/System.Title")]
    [InlineData("Custom.Severity", "/fields/Custom.Severity")]
    [InlineData("Custom.A/B~C", "/fields/Custom.A~1B~0C")]
    [InlineData("Custom.~1", "/fields/Custom.~01")]
    [InlineData("a/../b", "/fields/a~1..~1b")]
    public void ForField_prefixes_fields_and_escapes_the_reference_name_as_a_json_pointer_segment(string referenceName, string expectedPath)
    {
        Assert.Equal(expectedPath, FieldMap.ForField(referenceName));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void ForField_rejects_a_blank_reference_name(string referenceName)
    {
        Assert.Throws<ArgumentException>(() => FieldMap.ForField(referenceName));
    }

    [Fact]
    public void ForField_rejects_null()
    {
        Assert.Throws<ArgumentNullException>(() => FieldMap.ForField(null!));
    }
}
