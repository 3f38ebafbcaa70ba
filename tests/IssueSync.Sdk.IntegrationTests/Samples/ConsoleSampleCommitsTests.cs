using System.Text.RegularExpressions;
using IssueSync.Samples.Console;

namespace IssueSync.Sdk.IntegrationTests.Samples;

/// <summary>
/// <c>commits</c>: the console sample reads a commit range with its patch sets, against the built-in emulator
/// by default (a seeded repository), and says what is wrong with its flags before any call.
/// </summary>
public partial class ConsoleSampleCommitsTests
{
    private const string Url = "https://dev.azure.com/fabrikam/";

    public static TheoryData<string[], string> Mistakes => new()
    {
        { ["commits", "--frobnicate"], "Unknown argument '--frobnicate' for commits. Run 'commits --help' for the options." },
        { ["commits", "--from"], "--from needs a value. Run 'commits --help' for the options." },
        { ["commits", "--repository", "Web App"], "--repository takes Project/Repo (got 'Web App')." },
        { ["commits", "--repository", "A/B/C"], "--repository takes Project/Repo (got 'A/B/C')." },
        { ["commits", "--emulator", "--pat", "secret-token"], "--emulator runs against the built-in emulator; leave out --organization-url and --pat." },
        { ["commits", "--organization-url", Url, "--pat", "secret-token", "--to", "abc"], "Against an organization, commits needs --repository Project/Repo and --to SHA (and --from SHA for a range)." },
        { ["commits", "--organization-url", Url, "--pat", "secret-token", "--repository", "P/R"], "Against an organization, commits needs --repository Project/Repo and --to SHA (and --from SHA for a range)." },
        { ["commits", "--organization-url", Url, "--repository", "P/R", "--to", "abc"], "No personal access token: pass --pat or set AZURE_DEVOPS_PAT (a token with Code (Read))." },
        { ["commits", "--organization-url", "dev.azure.com/fabrikam", "--pat", "secret-token"], "The organization URL 'dev.azure.com/fabrikam' is not an absolute URL; use one such as https://dev.azure.com/your-organization/." },
        { ["commits", "--pat", "secret-token", "--repository", "P/R", "--to", "abc"], "No organization URL: pass --organization-url or set AZURE_DEVOPS_ORG_URL (or leave out --pat for the built-in emulator)." },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task A_mistake_is_one_line_on_stderr_and_exit_2(string[] args, string expected)
    {
        var (exit, output, error) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Equal(expected + Environment.NewLine, error);
        Assert.Empty(output);
        Assert.DoesNotContain("secret-token", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_no_options_it_reads_the_seeded_range_on_the_emulator_with_renames_deletes_and_whole_messages()
    {
        var (exit, output, error) = await RunAsync(["commits"]);

        Assert.Equal(0, exit);
        Assert.Empty(error);
        var text = Sha().Replace(Port().Replace(output, "PORT"), "SHA");
        Assert.Equal(
            """
            Built-in emulator http://127.0.0.1:PORT/sample/: seeded Project 1/Web App with 5 commits (SHA .. SHA).
            Commits of Project 1/Web App after SHA up to SHA: 4.
              SHA  DATE  Grace Hopper <grace@example.com>
                  Drop the old README
                  D README.md
                  A docs/index.md
              SHA  DATE  Ada Lovelace <ada@example.com>
                  Add the payments submodule
                  (no file changes: folders and submodules only)
              SHA  DATE  Ada Lovelace <ada@example.com>
                  Move the cart to its own folder
                  R src/Checkout/Cart.cs -> src/Cart/Cart.cs
              SHA  DATE  Grace Hopper <grace@example.com>
                  Empty cart after sign-in: keep the session cart
                  The cart was read before the session was restored, so it came back empty for users who signed in at checkout.
                  Fixes GRP-1
                  M src/Checkout/Cart.cs

            """.ReplaceLineEndings(),
            Date().Replace(text, "DATE"));
    }

    [Fact]
    public async Task An_unknown_repository_or_commit_is_one_line_and_exit_1()
    {
        var (noRepository, _, repositoryError) = await RunAsync(["commits", "--repository", "Project 1/Nope"]);
        var (noCommit, _, commitError) = await RunAsync(["commits", "--to", new string('0', 40)]);

        Assert.Equal(1, noRepository);
        Assert.Matches(@"^No repository 'Project 1/Nope' in http://127\.0\.0\.1:\d+/sample/; name it as Project/Repo\.\r?\n$", repositoryError);
        Assert.Equal(1, noCommit);
        Assert.Contains("TF401175", commitError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_help_names_the_options_and_the_main_usage_names_the_command()
    {
        var (exit, output, _) = await RunAsync(["commits", "--help"]);

        Assert.Equal(0, exit);
        Assert.Contains("--repository P/R", output, StringComparison.Ordinal);
        Assert.Contains("commits [--repository P/R] [--from SHA] [--to SHA]", SampleArguments.Usage, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await SampleProgram.RunAsync(args, _ => null, output, error, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    [GeneratedRegex(@"(?<=127\.0\.0\.1:)\d+")]
    private static partial Regex Port();

    [GeneratedRegex(@"\b[0-9a-f]{7}\b")]
    private static partial Regex Sha();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")]
    private static partial Regex Date();
}
