using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace IssueSync.Sdk.IntegrationTests.Issues;

/// <summary>
/// Issue #14, "exactly once": a host drives 1,000 outbound operations (creates with a group key,
/// status, assignee, comments with the host's comment id) through the SDK against the emulator while
/// seeded fault rules fail about 30% of the requests: resets before arrival, answers lost after the
/// write was applied (reset, 5xx, held past the client's timeout, cut-off bodies), late commits (some
/// shorter than the SDK's settle delay, some longer), 429/503 with Retry-After, and timeouts. The host
/// calls again with the same inputs whenever the SDK says the failure is transient or its outcome
/// unknown, as the SDK documents. Afterwards the organization must hold exactly what the host last
/// asked for: nothing lost, no host comment twice (and the comment id the SDK returned is the one that
/// holds it), and no work item twice per group. Bugs are created only under faults the SDK's settle
/// delay covers, so each bug group must have exactly one work item. User stories also get creates
/// committed later than the settle delay, which no lookup can see in time: there each such commit may
/// leave one extra work item and no more, and the output counts how many the SDK reported in
/// <see cref="IssueDetails.DuplicateKeys"/>. Comments get no commits later than the settle delay: the
/// SDK cannot find them before it posts again and has no duplicate report for comments, so each would
/// be a second copy (6 to 13 per seed at a 3% rate when tried).
/// </summary>
/// <remarks>
/// Groups are independent, so the host works on them concurrently (<see cref="Lanes"/> lanes, each
/// group's operations in order in one lane), as a host with a queue per group would; the waits the
/// faults cost (timeouts, settle delays) then overlap instead of adding up. Every wait is compressed
/// through the SDK's options (attempt timeout 300 ms, settle delay 150 ms, Retry-After capped at
/// 20 ms), never by leaving cases out. The fault draws are seeded per rule; which requests they hit
/// depends on the order the concurrent lanes reach the emulator, so the figures vary a little from run
/// to run while the share of each fault stays the same.
/// </remarks>
public sealed class OutboundExactlyOnceTests(ITestOutputHelper output)
{
    private const int Operations = 1000;
    private const int Lanes = 24;

    /// <summary>How often the host calls once more with the same inputs before it gives up (a test failure).</summary>
    private const int MaxHostTries = 20;

    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan SettleDelay = TimeSpan.FromMilliseconds(150);

    /// <summary>Committed before the SDK looks (shorter than the settle delay): the look must find it.</summary>
    private static readonly TimeSpan ShortLateCommit = TimeSpan.FromMilliseconds(60);

    /// <summary>
    /// Committed after the SDK's look (longer than the settle delay): the SDK sends the create again, and the
    /// late one becomes a second work item, which the SDK can report only when it lands before the SDK's last look.
    /// </summary>
    private static readonly TimeSpan LongLateCommit = TimeSpan.FromMilliseconds(260);

    /// <summary>Longer than the attempt timeout: the client gives up first.</summary>
    private static readonly TimeSpan BeyondTimeout = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private const string BugType = "Microsoft.VSTS.WorkItemTypes.Bug";
    private const string StoryType = "Microsoft.VSTS.WorkItemTypes.UserStory";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task A_thousand_outbound_operations_under_faults_land_exactly_once(int seed)
    {
        var clock = Stopwatch.StartNew();
        var integrationStore = new InMemoryIntegrationStore();
        var projectStore = new InMemoryExternalProjectStore();
        await using var harness = await SdkHarness.StartAsync(
            new VstsEmulatorOptions { AdditionalUsers = 3 },
            configureBuilder: b => b.AddIntegrationStore(_ => integrationStore).AddExternalProjectStore(_ => projectStore),
            configureOptions: (o, _) =>
            {
                o.Resilience.MaxRetries = 3;
                o.Resilience.BaseDelay = TimeSpan.FromMilliseconds(5);
                o.Resilience.MaxRetryAfter = TimeSpan.FromMilliseconds(20);
                o.Resilience.AttemptTimeout = AttemptTimeout;
                o.Resilience.OverallTimeout = TimeSpan.FromSeconds(3);
                o.Outbound.UnknownOutcomeSettleDelay = SettleDelay;
            });
        var emulator = harness.Emulator;
        var project = harness.Organization.Projects[0];
        var installation = integrationStore.Add(new VstsInstallation
        {
            IntegrationId = "integration-chaos",
            OrganizationId = harness.Organization.Id,
            OrganizationName = harness.Organization.Name,
            OrganizationUrl = emulator.OrganizationUrl.AbsoluteUri,
            SyncSettings = new VstsSyncSettings { StatusOutbound = true, AssigneeOutbound = true, Comments = true },
        });
        projectStore.SetStatusMapping(installation.IntegrationId, new VstsProjectStatusMapping(project.Id, ResolvedState: "Resolved", UnresolvedState: "Active"));
        var integration = await harness.Services.GetRequiredService<IIssueIntegrationFactory>().CreateAsync(installation, default);

        // People the host can assign: every emulator user with a mail address but the token's owner.
        var people = harness.Organization.Users
            .Where(u => u.MailAddress.Length > 0 && u.Id != harness.Organization.AuthenticatedUser.Id)
            .Select(u => new HostUser("host-" + u.MailAddress, [u.MailAddress.ToUpperInvariant()], u.DisplayName))
            .ToArray();
        var plan = Plan(seed, people);
        AddFaults(emulator, seed);

        var host = new Host(integration, project.Id, seed);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(50));
        var lanes = plan.GroupBy(op => op.Group.Index % Lanes).Select(lane => Task.Run(async () =>
        {
            foreach (var op in lane)
            {
                await host.RunAsync(op, deadline.Token);
            }
        }));
        await Task.WhenAll(lanes);
        var hostTime = clock.Elapsed;

        emulator.ClearFaults();
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await emulator.WaitForLateCommitsAsync(wait.Token);
        }

        var outcome = Verify(harness.Organization, plan);
        Report(seed, emulator, host, outcome, hostTime, clock.Elapsed);

        // The run was the one intended: faults of every kind fired, on about 30% of the requests.
        var requests = emulator.Requests;
        var faultShare = (double)requests.Count(r => r.Fault is not null) / requests.Count;
        Assert.InRange(faultShare, 0.2, 0.45);
        Assert.All(Enum.GetValues<EmulatorFaultKind>().Where(k => k is not EmulatorFaultKind.SignInPage),
            kind => Assert.Contains(requests, r => r.Fault?.Kind == kind));
        Assert.Contains(requests, r => r.SucceededButAnswerLost);

        Assert.True(outcome.Lost.Count == 0, $"{outcome.Lost.Count} lost: " + string.Join("; ", outcome.Lost.Take(10)));
        Assert.True(outcome.DuplicateComments.Count == 0,
            $"{outcome.DuplicateComments.Count} host comments on their work item more than once: " + string.Join("; ", outcome.DuplicateComments.Take(10)));
        Assert.True(outcome.Duplicates.Count == 0,
            $"{outcome.Duplicates.Count} duplicate work items where every commit came within the settle delay: " + string.Join("; ", outcome.Duplicates.Take(10)));

        // Commits later than the settle delay are beyond what a lookup can see in time: each may leave one extra
        // work item in its group, and no more. The report says how many the SDK reported (DuplicateKeys).
        var lateCommits = LateCommitsApplied(requests);
        Assert.True(outcome.LateDuplicates.Count <= lateCommits,
            $"{outcome.LateDuplicates.Count} duplicate user stories, more than the {lateCommits} creates committed after the settle delay: " + string.Join("; ", outcome.LateDuplicates.Take(10)));
    }

    /// <summary>The host's operations, drawn from the seed: about 20% creates, the rest status, assignee and comments on the groups made so far.</summary>
    private static List<Operation> Plan(int seed, HostUser[] people)
    {
        var random = new Random(seed);
        var groups = new List<HostGroup>();
        var plan = new List<Operation>(Operations);
        for (var i = 0; i < Operations; i++)
        {
            if (groups.Count == 0 || random.NextDouble() < 0.2)
            {
                // A quarter of the groups are user stories: only their creates get commits later than the settle delay.
                var group = new HostGroup(groups.Count, $"s{seed}-g{groups.Count:D4}", lateStory: random.Next(4) == 0);
                groups.Add(group);
                plan.Add(new Operation(i, OperationKind.Create, group));
                continue;
            }

            var target = groups[random.Next(groups.Count)];
            plan.Add(random.Next(3) switch
            {
                0 => new Operation(i, OperationKind.Status, target) { Resolved = random.Next(2) == 0 },
                1 => new Operation(i, OperationKind.Assignee, target) { Assignee = random.Next(people.Length + 1) is var p && p < people.Length ? people[p] : null },
                _ => new Operation(i, OperationKind.Comment, target) { CommentId = $"hc-{i:D4}" },
            });
        }

        return plan;
    }

    /// <summary>
    /// The seeded fault rules, tried in order per request (the first that fires applies). The rates
    /// per route add up to about a third of its requests.
    /// </summary>
    private static void AddFaults(VstsEmulator emulator, int seed)
    {
        const string Create = "{project}/_apis/wit/workitems/${type}";
        const string Update = "_apis/wit/workitems/{id}";
        const string Comments = "{project}/_apis/wit/workItems/{id}/comments";
        const string Wiql = "_apis/wit/wiql";
        var rule = 0;
        void Add(HttpMethod method, string path, EmulatorFault fault, double rate) =>
            emulator.AddFault(new FaultRule { Method = method, Path = path, Fault = fault, Rate = rate, Seed = (seed * 100) + rule++ });

        // A user story create Azure DevOps commits after the SDK's look (beyond the settle delay): the SDK cannot
        // see it before it sends again, so it may make a second item; it should report it in DuplicateKeys.
        Add(HttpMethod.Post, "{project}/_apis/wit/workitems/$" + StoryType, EmulatorFault.LateCommit(LongLateCommit), 0.10);

        // Writes: creates and comments (their outcome unknown to the client), and guarded updates (status and
        // assignee, test /rev). A late commit of an update may be of any length: once a newer revision exists its
        // revision test fails, so a long one is played there too.
        (EmulatorFault Fault, double Rate)[] writeFaults =
        [
            (EmulatorFault.ResetBeforeArrival(), 0.05),
            (EmulatorFault.ResetAfterApply(), 0.06),
            (EmulatorFault.HoldAnswerAfterApply(BeyondTimeout), 0.03),
            (EmulatorFault.LateCommit(ShortLateCommit), 0.04),
            (EmulatorFault.MalformedBody(), 0.02),
            (EmulatorFault.Status(429, RetryAfter), 0.05),
            (EmulatorFault.Status(503, RetryAfter), 0.03),
            (EmulatorFault.Latency(BeyondTimeout), 0.02),
            (EmulatorFault.ThrottlingWarning(RetryAfter), 0.02),
        ];
        foreach (var (method, path, extra) in new[]
        {
            (HttpMethod.Post, Create, EmulatorFault.StatusAfterApply(500)),
            (HttpMethod.Post, Comments, EmulatorFault.StatusAfterApply(500)),
            (HttpMethod.Patch, Update, EmulatorFault.StatusAfterApply(503)),
        })
        {
            Add(method, path, extra, 0.03);
            foreach (var (fault, rate) in writeFaults)
            {
                Add(method, path, fault, rate);
            }
        }

        Add(HttpMethod.Patch, Update, EmulatorFault.LateCommit(LongLateCommit), 0.02);

        // Reads: the item before an update, the comments and the tag lookups after an unknown outcome. A cut-off
        // answer to a lookup leaves the write's outcome unknown, so the host calls again; one to the read before an
        // update is InvalidResponse, neither transient nor unknown, so a host that follows the SDK's classification
        // gives up there: no MalformedBody on that route.
        (EmulatorFault Fault, double Rate)[] readFaults =
        [
            (EmulatorFault.ResetBeforeArrival(), 0.08),
            (EmulatorFault.Status(429, RetryAfter), 0.08),
            (EmulatorFault.Status(503, RetryAfter), 0.06),
            (EmulatorFault.Status(500), 0.04),
            (EmulatorFault.Latency(BeyondTimeout), 0.03),
            (EmulatorFault.Latency(TimeSpan.FromMilliseconds(20)), 0.04),
        ];
        foreach (var (method, path) in new[] { (HttpMethod.Get, Update), (HttpMethod.Get, Comments), (HttpMethod.Post, Wiql) })
        {
            foreach (var (fault, rate) in readFaults)
            {
                Add(method, path, fault, rate);
            }

            if (path != Update)
            {
                Add(method, path, EmulatorFault.MalformedBody(), 0.05);
            }
        }
    }

    /// <summary>What the organization holds against what the host last asked for, group by group.</summary>
    private static Outcome Verify(EmulatedOrganization organization, List<Operation> plan)
    {
        var outcome = new Outcome();
        var byTag = new Dictionary<string, List<EmulatedWorkItem>>(StringComparer.OrdinalIgnoreCase);
        for (var id = 1; organization.GetWorkItem(id) is { } item; id++)
        {
            var tag = item.Tags.SingleOrDefault(t => t.StartsWith("issuesync:", StringComparison.Ordinal))
                ?? throw new Xunit.Sdk.XunitException($"Work item {id} has no group tag: the host made none without one.");
            if (!byTag.TryGetValue(tag, out var items))
            {
                byTag[tag] = items = [];
            }

            items.Add(item);
            outcome.WorkItems++;
        }

        foreach (var group in plan.Select(op => op.Group).Distinct())
        {
            var linked = group.WorkItemKey ?? throw new Xunit.Sdk.XunitException($"Group {group.Key} was never created.");
            var tagged = byTag.GetValueOrDefault("issuesync:" + group.Key) ?? [];
            if (!tagged.Exists(i => Key(i.Id) == linked))
            {
                outcome.Lost.Add($"group {group.Key}: its work item {linked} does not carry its tag");
                continue;
            }

            foreach (var extra in tagged.Where(i => Key(i.Id) != linked))
            {
                var reported = group.ReportedDuplicates.Contains(Key(extra.Id));
                (group.IsLateStory ? outcome.LateDuplicates : outcome.Duplicates).Add(
                    $"group {group.Key} ({(group.IsLateStory ? "story" : "bug")}): work item {extra.Id} besides {linked}, {(reported ? "reported" : "NOT reported")} in DuplicateKeys");
            }

            var item = tagged.Single(i => Key(i.Id) == linked);
            var state = group.Resolved switch { null => "New", true => "Resolved", false => "Active" };
            if (item.State != state)
            {
                outcome.Lost.Add($"group {group.Key}: work item {linked} is {item.State}, the host last asked for {state}");
            }

            if (!string.Equals(item.AssignedTo, group.AssigneeEmail, StringComparison.OrdinalIgnoreCase))
            {
                outcome.Lost.Add($"group {group.Key}: work item {linked} is assigned to '{item.AssignedTo}', the host last asked for '{group.AssigneeEmail}'");
            }

            var comments = organization.GetComments(item.Id).Where(c => !c.IsDeleted).ToList();
            foreach (var (hostCommentId, marker, commentId) in group.Comments)
            {
                var copies = comments.Count(c => c.Text.Contains(marker, StringComparison.Ordinal));
                outcome.HostComments++;
                if (comments.Find(c => c.Id == commentId) is not { } returned || !returned.Text.Contains(marker, StringComparison.Ordinal))
                {
                    outcome.Lost.Add($"group {group.Key}: host comment {hostCommentId} was answered with comment {commentId}, which does not hold it");
                }

                if (copies == 0)
                {
                    outcome.Lost.Add($"group {group.Key}: host comment {hostCommentId} is not on work item {linked}");
                }
                else if (copies > 1)
                {
                    outcome.DuplicateComments.Add($"group {group.Key}: host comment {hostCommentId} is on work item {linked} {copies} times");
                }
            }
        }

        return outcome;
    }

    private void Report(int seed, VstsEmulator emulator, Host host, Outcome outcome, TimeSpan hostTime, TimeSpan total)
    {
        var requests = emulator.Requests;
        var faults = requests.Where(r => r.Fault is not null)
            .GroupBy(r => r.Fault!.Kind switch
            {
                EmulatorFaultKind.Status or EmulatorFaultKind.StatusAfterApply => $"{r.Fault.Kind} {r.Fault.StatusCode}",
                EmulatorFaultKind.LateCommit => r.Fault.Delay < SettleDelay ? "LateCommit (before the settle delay)" : "LateCommit (after the settle delay)",
                EmulatorFaultKind.Latency => r.Fault.Delay > AttemptTimeout ? "Latency (timeout)" : "Latency",
                _ => r.Fault.Kind.ToString(),
            })
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"seed {seed}: {Operations} operations ({host.Counts}) on {outcome.WorkItems} work items, {outcome.HostComments} host comments, in {hostTime.TotalSeconds:F1} s ({total.TotalSeconds:F1} s with the checks)")
            .AppendLine(CultureInfo.InvariantCulture, $"  requests: {requests.Count}, faulted: {requests.Count(r => r.Fault is not null)} ({100.0 * requests.Count(r => r.Fault is not null) / requests.Count:F1}%)");
        foreach (var kind in faults)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    {kind.Key}: {kind.Count()}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  answers lost after the write was applied: {requests.Count(r => r.SucceededButAnswerLost)} (create {Lost(requests, "POST", "/_apis/wit/workitems/$")}, update {Lost(requests, "PATCH", "/_apis/wit/workitems/")}, comment {Lost(requests, "POST", "/comments")})")
            .AppendLine(CultureInfo.InvariantCulture, $"  host retries: {host.Retries} ({host.RetriesByReason}); most tries of one operation: {host.MostTries}")
            .AppendLine(CultureInfo.InvariantCulture, $"  duplicate work items: {outcome.Duplicates.Count} with every commit within the settle delay; {outcome.LateDuplicates.Count} after {LateCommitsApplied(requests)} creates committed later than it ({outcome.LateDuplicates.Count(d => !d.Contains("NOT", StringComparison.Ordinal))} reported in DuplicateKeys)")
            .AppendLine(CultureInfo.InvariantCulture, $"  duplicate comments: {outcome.DuplicateComments.Count}")
            .AppendLine(CultureInfo.InvariantCulture, $"  lost: {outcome.Lost.Count}");
        foreach (var line in outcome.Duplicates.Concat(outcome.LateDuplicates).Concat(outcome.DuplicateComments).Concat(outcome.Lost).Take(20))
        {
            text.AppendLine("    " + line);
        }

        output.WriteLine(text.ToString());
    }

    /// <summary>Creates the emulator committed later than the settle delay.</summary>
    private static int LateCommitsApplied(IReadOnlyList<EmulatedRequest> requests) =>
        requests.Count(r => r.Fault is { Kind: EmulatorFaultKind.LateCommit } f && f.Delay > SettleDelay && r.Method == "POST" && r.ProcessedStatusCode is >= 200 and < 300);

    private static int Lost(IReadOnlyList<EmulatedRequest> requests, string method, string pathPart) =>
        requests.Count(r => r.SucceededButAnswerLost && r.Method == method && r.PathAndQuery.Contains(pathPart, StringComparison.OrdinalIgnoreCase));

    private static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The host: calls the SDK per operation, again with the same inputs while it says to, and keeps what it asked for last.</summary>
    private sealed class Host(IIssueIntegration integration, string projectId, int seed)
    {
        private readonly ConcurrentDictionary<string, int> _retriesByReason = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<OperationKind, int> _counts = new();
        private int _retries;
        private int _mostTries;

        public int Retries => _retries;

        public int MostTries => _mostTries;

        public string RetriesByReason => string.Join(", ", _retriesByReason.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value}"));

        public string Counts => string.Join(", ", _counts.OrderBy(c => c.Key).Select(c => $"{c.Key.ToString().ToLowerInvariant()} {c.Value}"));

        public async Task RunAsync(Operation op, CancellationToken cancellationToken)
        {
            _counts.AddOrUpdate(op.Kind, 1, (_, n) => n + 1);
            var group = op.Group;
            switch (op.Kind)
            {
                case OperationKind.Create:
                    var request = new CreateIssueRequest
                    {
                        Project = projectId,
                        WorkItemType = group.IsLateStory ? StoryType : BugType,
                        Title = $"Group {group.Key} fails",
                        Description = $"Seen **{op.Index}** times in group {group.Key}.",
                        GroupKey = group.Key,
                    };
                    var created = await CallAsync(op, () => integration.CreateIssueAsync(request, cancellationToken), cancellationToken);
                    group.WorkItemKey = created.Key;
                    group.ReportedDuplicates.AddRange(created.DuplicateKeys);
                    break;
                case OperationKind.Status:
                    await CallAsync(op, () => integration.SyncStatusOutboundAsync(Linked(group), op.Resolved, cancellationToken), cancellationToken);
                    group.Resolved = op.Resolved;
                    break;
                case OperationKind.Assignee:
                    await CallAsync(op, () => integration.SyncAssigneeOutboundAsync(Linked(group), op.Assignee, cancellationToken), cancellationToken);
                    group.AssigneeEmail = op.Assignee?.Emails[0];
                    break;
                case OperationKind.Comment:
                    var marker = $"Note {op.Index:D4} of seed {seed}:";
                    var comment = new HostComment($"{marker} the group was seen again, step **{op.Index}**.", "Host Person", Id: op.CommentId);
                    var added = await CallAsync(op, () => integration.AddCommentAsync(Linked(group), comment, cancellationToken), cancellationToken);
                    group.Comments.Add((op.CommentId!, marker, added.CommentId));
                    break;
            }
        }

        private LinkedWorkItem Linked(HostGroup group) => new(group.WorkItemKey!, projectId);

        private async Task<T> CallAsync<T>(Operation op, Func<Task<T>> call, CancellationToken cancellationToken)
        {
            for (var tries = 1; ; tries++)
            {
                string reason;
                try
                {
                    var result = await call();
                    InterlockedMax(ref _mostTries, tries);
                    if (result is OutboundSyncResult { Outcome: not (OutboundSyncOutcome.Updated or OutboundSyncOutcome.AlreadyInTarget) } skipped)
                    {
                        throw new Xunit.Sdk.XunitException($"Operation {op.Index} ({op.Kind}) did nothing: {skipped.Outcome}, {skipped.Reason}");
                    }

                    return result;
                }
                catch (VstsApiException ex) when (ex.IsTransient || ex.IsOutcomeUnknown)
                {
                    reason = ex.IsOutcomeUnknown ? "unknown outcome" : $"transient {ex.Kind}";
                    if (tries >= MaxHostTries)
                    {
                        throw new Xunit.Sdk.XunitException($"Operation {op.Index} ({op.Kind} of group {op.Group.Key}) still failed after {tries} tries: {ex.Message}");
                    }
                }
                catch (IssueIntegrationException ex) when (ex.Kind is IssueIntegrationErrorKind.Conflict)
                {
                    // "Try again later": every guarded write lost to a concurrent edit (here: a late commit of its own).
                    reason = "conflict";
                    if (tries >= MaxHostTries)
                    {
                        throw new Xunit.Sdk.XunitException($"Operation {op.Index} ({op.Kind} of group {op.Group.Key}) still conflicted after {tries} tries: {ex.Message}");
                    }
                }

                cancellationToken.ThrowIfCancellationRequested();
                Interlocked.Increment(ref _retries);
                _retriesByReason.AddOrUpdate(reason, 1, (_, n) => n + 1);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            var current = Volatile.Read(ref target);
            while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
            {
                current = seen;
            }
        }
    }

    private enum OperationKind
    {
        Create,
        Status,
        Assignee,
        Comment,
    }

    /// <summary>One host operation. Only its lane touches its group, so the group needs no lock.</summary>
    private sealed record Operation(int Index, OperationKind Kind, HostGroup Group)
    {
        public bool Resolved { get; init; }

        public HostUser? Assignee { get; init; }

        public string? CommentId { get; init; }
    }

    /// <summary>A host group and what the host last asked for it.</summary>
    private sealed class HostGroup(int index, string key, bool lateStory)
    {
        public int Index { get; } = index;

        public string Key { get; } = key;

        /// <summary>A user story, whose creates may be committed after the settle delay; else a bug, whose creates never are.</summary>
        public bool IsLateStory { get; } = lateStory;

        public string? WorkItemKey { get; set; }

        public bool? Resolved { get; set; }

        public string? AssigneeEmail { get; set; }

        public List<(string HostCommentId, string Marker, int? CommentId)> Comments { get; } = [];

        public List<string> ReportedDuplicates { get; } = [];
    }

    private sealed class Outcome
    {
        public int WorkItems { get; set; }

        public int HostComments { get; set; }

        public List<string> Lost { get; } = [];

        /// <summary>Extra work items of groups whose creates were never committed later than the settle delay (bugs).</summary>
        public List<string> Duplicates { get; } = [];

        /// <summary>Extra work items of groups whose creates may have been committed later than the settle delay (user stories).</summary>
        public List<string> LateDuplicates { get; } = [];

        public List<string> DuplicateComments { get; } = [];
    }
}
