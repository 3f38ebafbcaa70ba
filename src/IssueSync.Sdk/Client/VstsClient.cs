namespace IssueSync.Sdk.Client;

/// <summary>The area clients of one connection, sharing one request sender.</summary>
internal sealed class VstsClient : IVstsClient
{
    public VstsClient(VstsRequestSender sender)
    {
        Target = sender.Connection;
        WorkItems = new WorkItemsClient(sender);
        WorkItemTypes = new WorkItemTypesClient(sender);
        Projects = new ProjectsClient(sender);
        Graph = new GraphClient(sender);
        Search = new SearchClient(sender);
        Connection = new ConnectionClient(sender);
        Comments = new CommentsClient(sender);
        Subscriptions = new SubscriptionsClient(sender);
        Reporting = new ReportingClient(sender);
        Fields = new FieldsClient(sender);
        ClassificationNodes = new ClassificationNodesClient(sender);
        Processes = new ProcessesClient(sender);
        Git = new GitClient(sender);
    }

    public VstsConnection Target { get; }

    public IWorkItemsClient WorkItems { get; }

    public IWorkItemTypesClient WorkItemTypes { get; }

    public IProjectsClient Projects { get; }

    public IGraphClient Graph { get; }

    public ISearchClient Search { get; }

    public IConnectionClient Connection { get; }

    public ICommentsClient Comments { get; }

    public ISubscriptionsClient Subscriptions { get; }

    public IReportingClient Reporting { get; }

    public IFieldsClient Fields { get; }

    public IClassificationNodesClient ClassificationNodes { get; }

    public IProcessesClient Processes { get; }

    public IGitClient Git { get; }
}
