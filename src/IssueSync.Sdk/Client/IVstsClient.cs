namespace IssueSync.Sdk.Client;

/// <summary>
/// One organization's Azure DevOps REST surface, as one identity, split into area clients. Get one
/// from <see cref="IVstsClientFactory.CreateClient"/> (or from DI for a single organization).
/// Thread-safe; cheap to create.
/// </summary>
public interface IVstsClient
{
    /// <summary>The organization and credential this client talks to.</summary>
    VstsConnection Target { get; }

    /// <summary>Work items: get, create, update, delete, batch, WIQL.</summary>
    IWorkItemsClient WorkItems { get; }

    /// <summary>Work item types: the types, states with their categories, type categories, fields with their rules.</summary>
    IWorkItemTypesClient WorkItemTypes { get; }

    /// <summary>Projects.</summary>
    IProjectsClient Projects { get; }

    /// <summary>Users of the organization (Graph).</summary>
    IGraphClient Graph { get; }

    /// <summary>Work item search.</summary>
    ISearchClient Search { get; }

    /// <summary>The authenticated identity (<c>connectionData</c>).</summary>
    IConnectionClient Connection { get; }

    /// <summary>Work item comments (Comments REST API): add, list, edit, delete.</summary>
    ICommentsClient Comments { get; }

    /// <summary>Service-hook subscriptions: create, read, replace, delete, query.</summary>
    ISubscriptionsClient Subscriptions { get; }

    /// <summary>The reporting work item revisions feed: every revision of the organization, paged with a watermark.</summary>
    IReportingClient Reporting { get; }

    /// <summary>The organization's work item field definitions (data types, read-only flags).</summary>
    IFieldsClient Fields { get; }

    /// <summary>Area and iteration trees of a project.</summary>
    IClassificationNodesClient ClassificationNodes { get; }

    /// <summary>Work item processes (what a project's process is, what it inherits from).</summary>
    IProcessesClient Processes { get; }

    /// <summary>Azure Repos Git: repositories, commits, a commit's changes, files at a version.</summary>
    IGitClient Git { get; }
}
