using System.Globalization;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Repositories;
using IssueSync.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IssueSync.Samples.Console;

/// <summary>
/// <c>commits [--repository P/R] [--from SHA] [--to SHA]</c>: the commits of a release range with their patch sets,
/// through <see cref="IRepositoryProvider"/>. Against the built-in emulator by default (a repository with a few
/// commits is seeded, and the range defaults to all of them); against an organization with
/// <c>--organization-url</c> and <c>--pat</c> (or their environment variables), where <c>--repository</c> and
/// <c>--to</c> are needed. Reads only.
/// </summary>
internal static class CommitsCommand
{
    public const string Name = "commits";

    public const string Usage = """
        commits: the commits between two versions of a repository, with their patch sets (A added,
        M modified, D deleted, R renamed), as a host reads them to find suspect commits and issue
        references. Reads only.

        Usage:
          dotnet run --project samples/IssueSync.Samples.Console -- commits [options]

        Options:
          --repository P/R         the repository as Project/Repo (emulator: the seeded Project 1/Web App)
          --from SHA               the previous release's commit (left out: the latest 10 commits up to --to)
          --to SHA                 the release's commit (emulator: the seeded head)
          --organization-url URL   a real organization (default: $AZURE_DEVOPS_ORG_URL); without one the
                                   built-in emulator is used, with a seeded repository
          --pat TOKEN              a token with Code (Read) (default: $AZURE_DEVOPS_PAT)
          --emulator               use the built-in emulator even when the variables are set
          --verbose                the SDK's logs on stderr
        """;

    private const string SeededProject = "Project 1";
    private const string SeededRepository = "Web App";

    /// <summary>Runs the command; the exit codes are the sample's (0 done, 1 Azure DevOps failed, 2 wrong arguments).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, Func<string, string?> environment, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var (options, problem) = Parse(args, environment);
        if (problem is not null)
        {
            await error.WriteLineAsync(problem);
            return 2;
        }

        if (options!.Help)
        {
            await output.WriteLineAsync(Usage);
            return 0;
        }

        if (options.OrganizationUrl is not null)
        {
            return await RunAsync(options, options.OrganizationUrl, options.PersonalAccessToken!, output, error, cancellationToken);
        }

        await using var emulator = await VstsEmulator.StartAsync(new VstsEmulatorOptions { OrganizationName = EmulatorMode.OrganizationName }, cancellationToken);
        var (first, head) = Seed(emulator.Organization);
        await output.WriteLineAsync($"Built-in emulator {emulator.OrganizationUrl}: seeded {SeededProject}/{SeededRepository} with {emulator.Organization.GetCommits(emulator.Organization.Repositories[0]).Count} commits ({first[..7]} .. {head[..7]}).");
        var seeded = options with
        {
            Repository = options.Repository ?? $"{SeededProject}/{SeededRepository}",
            From = options.From ?? (options.To is null ? first : null),
            To = options.To ?? head,
        };
        return await RunAsync(seeded, emulator.OrganizationUrl, emulator.PersonalAccessToken, output, error, cancellationToken);
    }

    private static async Task<int> RunAsync(CommitsOptions options, Uri organizationUrl, string personalAccessToken, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var host = SampleHost.Build(organizationUrl, personalAccessToken, options.Verbose, error); // SampleHost.RunAsync disposes it
        return await SampleHost.RunAsync(host, error, async (services, ct) =>
        {
            var connection = services.GetRequiredService<IVstsClient>().Target;
            var provider = services.GetRequiredService<IRepositoryProviderFactory>().Create(connection);
            var repository = (await provider.ListRepositoriesAsync(options.Repository, ct))
                .FirstOrDefault(r => string.Equals(r.Name, options.Repository, StringComparison.OrdinalIgnoreCase));
            if (repository is null)
            {
                await error.WriteLineAsync($"No repository '{options.Repository}' in {organizationUrl}; name it as Project/Repo.");
                return 1;
            }

            var range = await provider.GetCommitsAsync(repository.Id, options.From, options.To!, ct);
            await WriteAsync(output, repository, options, range);
            return 0;
        }, cancellationToken);
    }

    private static async Task WriteAsync(TextWriter output, RepositoryChoice repository, CommitsOptions options, CommitRange range)
    {
        var span = options.From is null ? $"the latest up to {Short(options.To!)}" : $"after {Short(options.From)} up to {Short(options.To!)}";
        await output.WriteLineAsync($"Commits of {repository.Name} {span}: {range.Commits.Count}.");
        foreach (var commit in range.Commits)
        {
            var when = commit.Timestamp?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-";
            await output.WriteLineAsync($"  {Short(commit.Id)}  {when}  {commit.AuthorName} <{commit.AuthorEmail}>");
            foreach (var line in commit.Message.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                await output.WriteLineAsync($"      {line}");
            }

            if (!commit.HasDetails)
            {
                await output.WriteLineAsync("      (details not read: past the cap)");
            }
            else if (commit.PatchSet.Count == 0)
            {
                await output.WriteLineAsync("      (no file changes: folders and submodules only)");
            }

            foreach (var change in commit.PatchSet)
            {
                await output.WriteLineAsync(change.PreviousPath is null ? $"      {change.Type} {change.Path}" : $"      {change.Type} {change.PreviousPath} -> {change.Path}");
            }
        }

        if (range.Truncated)
        {
            await output.WriteLineAsync($"Details were read for the newest {range.Commits.Count(c => c.HasDetails)} commits only (IssueSync:Vsts:Repositories:MaxCommitDetails).");
        }
    }

    /// <summary>A repository with a short history: files in folders, an edit with a long message, a rename, a delete, a submodule.</summary>
    private static (string First, string Head) Seed(EmulatedOrganization organization)
    {
        var repository = organization.AddRepository(SeededProject, SeededRepository);
        var ada = organization.FindUser("ada@example.com");
        var grace = organization.FindUser("grace@example.com");
        var first = organization.AddCommit(repository, "Initial commit", [EmulatedChange.AddFile("src/Checkout/Cart.cs", "class Cart {}"), EmulatedChange.AddFile("README.md", "# Web App")], author: ada);
        organization.AddCommit(repository, "Empty cart after sign-in: keep the session cart\n\nThe cart was read before the session was restored, so it came back empty for users who signed in at checkout.\n\nFixes GRP-1", [EmulatedChange.EditFile("src/Checkout/Cart.cs", "class Cart { Session s; }")], author: grace);
        organization.AddCommit(repository, "Move the cart to its own folder", [EmulatedChange.RenameFile("src/Checkout/Cart.cs", "src/Cart/Cart.cs")], author: ada);
        organization.AddCommit(repository, "Add the payments submodule", [EmulatedChange.Submodule("external/payments"), EmulatedChange.AddFolder("docs")], author: ada);
        var head = organization.AddCommit(repository, "Drop the old README", [EmulatedChange.DeleteFile("README.md"), EmulatedChange.AddFile("docs/index.md", "# Docs")], author: grace);
        return (first.CommitId, head.CommitId);
    }

    private static string Short(string commitId) => commitId.Length > 7 ? commitId[..7] : commitId;

    private static readonly IReadOnlySet<string> ValueFlags = new HashSet<string>(["--repository", "--from", "--to", "--organization-url", "--pat"], StringComparer.Ordinal);

    private static (CommitsOptions? Options, string? Problem) Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var (flags, problem) = SampleFlags.Read(args, ValueFlags, "Run 'commits --help' for the options.", " for commits");
        if (flags is null)
        {
            return (null, problem);
        }

        if (flags.Help)
        {
            return (new CommitsOptions(Help: true), null);
        }

        var values = flags.Values;
        var (useEmulator, verbose) = (flags.UseEmulator, flags.Verbose);
        var repository = values.GetValueOrDefault("--repository");
        if (repository is not null && repository.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
        {
            return (null, $"--repository takes Project/Repo (got '{repository}').");
        }

        var options = new CommitsOptions(repository, values.GetValueOrDefault("--from"), values.GetValueOrDefault("--to"), Verbose: verbose);
        var url = values.GetValueOrDefault("--organization-url");
        var pat = values.GetValueOrDefault("--pat");
        if (useEmulator)
        {
            return url is not null || pat is not null
                ? (null, "--emulator runs against the built-in emulator; leave out --organization-url and --pat.")
                : (options, null);
        }

        url ??= SampleArguments.NullIfBlank(environment(SampleArguments.OrganizationUrlVariable));
        pat ??= SampleArguments.NullIfBlank(environment(SampleArguments.PersonalAccessTokenVariable));
        if (url is null && pat is null)
        {
            return (options, null);
        }

        if (url is null)
        {
            return (null, $"No organization URL: pass --organization-url or set {SampleArguments.OrganizationUrlVariable} (or leave out --pat for the built-in emulator).");
        }

        var (organizationUrl, urlProblem) = SampleArguments.ParseOrganizationUrl(url);
        if (urlProblem is not null)
        {
            return (null, urlProblem);
        }

        if (pat is null)
        {
            return (null, $"No personal access token: pass --pat or set {SampleArguments.PersonalAccessTokenVariable} (a token with Code (Read)).");
        }

        if (repository is null || options.To is null)
        {
            return (null, "Against an organization, commits needs --repository Project/Repo and --to SHA (and --from SHA for a range).");
        }

        return (options with { OrganizationUrl = organizationUrl, PersonalAccessToken = pat }, null);
    }

    private sealed record CommitsOptions(
        string? Repository = null,
        string? From = null,
        string? To = null,
        bool Verbose = false,
        bool Help = false,
        Uri? OrganizationUrl = null,
        string? PersonalAccessToken = null);
}
