using System.Text.Json;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Tests.Client.Models;

public class NullStringModelTests
{
    [Fact]
    public void GraphUserWithoutDescriptorReadsEmpty()
    {
        var user = JsonSerializer.Deserialize("""{"displayName":"Build Service","descriptor":null}""", VstsJsonContext.Default.GraphUser)!;
        Assert.Equal(string.Empty, user.Descriptor);
    }

    [Fact]
    public void CategoryWithoutNamesReadsEmpty()
    {
        var category = JsonSerializer.Deserialize("""{"workItemTypes":[]}""", VstsJsonContext.Default.WorkItemTypeCategory)!;
        Assert.Equal(string.Empty, category.Name);
        Assert.Equal(string.Empty, category.ReferenceName);
    }

    [Fact]
    public void NullStateCategoryReadsAsTheEmptyValueInsteadOfFailing()
    {
        var state = JsonSerializer.Deserialize("""{"name":"Active","category":null}""", VstsJsonContext.Default.WorkItemTypeState)!;
        Assert.Equal("Active", state.Name.Value);
        Assert.Equal(string.Empty, state.Category.Value);
    }
}
