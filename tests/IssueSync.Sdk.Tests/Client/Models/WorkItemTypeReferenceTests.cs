using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Tests.Client.Models;

public sealed class WorkItemTypeReferenceTests
{
    [Theory]
    [InlineData("https://dev.azure.com/fabrikam/6ce954b1/_apis/wit/workItemTypes/Microsoft.VSTS.WorkItemTypes.Bug", "Microsoft.VSTS.WorkItemTypes.Bug")]
    [InlineData("https://dev.azure.com/fabrikam/6ce954b1/_apis/wit/workItemTypes/Custom.Incident/", "Custom.Incident")]
    [InlineData("https://dev.azure.com/fabrikam/6ce954b1/_apis/wit/workItemTypes/Microsoft.VSTS.WorkItemTypes.Task?api-version=7.1", "Microsoft.VSTS.WorkItemTypes.Task")]
    [InlineData("https://tfs.contoso.com/tfs/DefaultCollection/_apis/wit/workItemTypes/User%20Story", "User Story")]
    [InlineData("Microsoft.VSTS.WorkItemTypes.Bug", "Microsoft.VSTS.WorkItemTypes.Bug")]
    [InlineData("https://dev.azure.com/", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void ReferenceName_IsTheLastSegmentOfTheUrl(string? url, string? expected) =>
        Assert.Equal(expected, VstsModelFactory.WorkItemTypeReference("Bug", url).ReferenceName);
}
