using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Tests.Sync;

/// <summary>A client whose only working area is work item type states, answering from a queue.</summary>
internal sealed class StatesClient : IVstsClient, IWorkItemTypesClient
{
    /// <summary>What a read of the states throws when Azure DevOps answers 500.</summary>
    public static VstsApiException Failure() =>
        new("TF400898: An Internal Error Occurred.", VstsErrorKind.Server, System.Net.HttpStatusCode.InternalServerError, operation: "WorkItemTypes.GetStates");

    public Queue<Func<Task<IReadOnlyList<WorkItemTypeState>>>> Answers { get; } = new();

    public int Reads { get; private set; }

    public VstsConnection Target { get; } = new(new Uri("https://dev.azure.com/fabrikam/"), VstsCredential.PersonalAccessToken("pat"));

    public IWorkItemTypesClient WorkItemTypes => this;

    public IWorkItemsClient WorkItems => throw new NotSupportedException();

    public IProjectsClient Projects => throw new NotSupportedException();

    public IGraphClient Graph => throw new NotSupportedException();

    public ISearchClient Search => throw new NotSupportedException();

    public IConnectionClient Connection => throw new NotSupportedException();

    public ICommentsClient Comments => throw new NotSupportedException();

    public ISubscriptionsClient Subscriptions => throw new NotSupportedException();

    public IReportingClient Reporting => throw new NotSupportedException();

    public IFieldsClient Fields => throw new NotSupportedException();

    public IClassificationNodesClient ClassificationNodes => throw new NotSupportedException();

    public IProcessesClient Processes => throw new NotSupportedException();

    public IGitClient Git => throw new NotSupportedException();

    public Task<IReadOnlyList<WorkItemTypeState>> GetStatesAsync(string project, string workItemType, CancellationToken cancellationToken = default)
    {
        Reads++;
        return Answers.Dequeue()();
    }

    public Task<IReadOnlyList<WorkItemTypeCategory>> GetCategoriesAsync(string project, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<IReadOnlyList<WorkItemTypeInfo>> ListAsync(string project, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<IReadOnlyList<WorkItemTypeField>> GetFieldsAsync(string project, string workItemType, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();
}
