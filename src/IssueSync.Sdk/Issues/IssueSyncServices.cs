using IssueSync.Sdk.Client.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk.Issues;

/// <summary>
/// What every <see cref="IssueIntegration"/> shares: the caches that make a sync call cost the same
/// in an organization of any size, the clock, the log and the sync settings. A singleton.
/// </summary>
internal sealed class IssueSyncServices
{
    /// <summary>The state categories that count as done when <see cref="VstsIssueSyncOptions.DoneStateCategories"/> is not set.</summary>
    public static readonly IReadOnlyList<string> DefaultDoneStateCategories = ["Resolved", "Completed"];

    public IssueSyncServices(IOptions<VstsIssueSyncOptions> options, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        TimeProvider = timeProvider;
        Logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("IssueSync.Sdk.Issues");
        States = new WorkItemStateCache(timeProvider);
        var categories = options.Value.DoneStateCategories is { Length: > 0 } configured ? configured : DefaultDoneStateCategories;
        DoneCategories = categories.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => new WorkItemStateCategory(c.Trim())).ToHashSet();
    }

    public TimeProvider TimeProvider { get; }

    public ILogger Logger { get; }

    /// <summary>Work item type states per organization, project and type.</summary>
    public WorkItemStateCache States { get; }

    /// <summary>The state categories whose states mean "done" (case-insensitive).</summary>
    public IReadOnlySet<WorkItemStateCategory> DoneCategories { get; }
}
