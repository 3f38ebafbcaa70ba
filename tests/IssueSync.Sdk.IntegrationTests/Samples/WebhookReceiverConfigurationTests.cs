using IssueSync.Samples.WebhookReceiver;

namespace IssueSync.Sdk.IntegrationTests.Samples;

/// <summary>Each bad setting of the webhook receiver sample stops it with exit code 2 and one line naming the key, no stack trace.</summary>
public sealed class WebhookReceiverConfigurationTests : IDisposable
{
    private const string Pat = "pat-that-must-not-be-echoed";
    private readonly string _folder = Directory.CreateTempSubdirectory("issuesync-config-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "IssueSync:Vsts:OrganizationUrl", "", "IssueSync:Vsts:OrganizationUrl is not set" },
        { "IssueSync:Vsts:OrganizationUrl", "http://dev.azure.com/fabrikam/", "IssueSync:Vsts:OrganizationUrl 'http://dev.azure.com/fabrikam/' cannot be used: Azure DevOps Services answers https only; use https://dev.azure.com/fabrikam/." },
        { "IssueSync:Vsts:OrganizationUrl", "dev.azure.com/fabrikam", "IssueSync:Vsts:OrganizationUrl must be an absolute URL" },
        { "IssueSync:Vsts:OrganizationUrl", "https://dev.azure.com/", "IssueSync:Vsts:OrganizationUrl 'https://dev.azure.com/' cannot be used: it names no organization; use https://dev.azure.com/{organization}/." },
        { "IssueSync:Vsts:PersonalAccessToken", "", "IssueSync:Vsts:PersonalAccessToken is not set" },
        { "Sample:OrganizationId", "fabrikam", "Sample:OrganizationId must be the organization's id, a GUID" },
        { "Sample:WebhookSecret", "too-short", "Sample:WebhookSecret must be at least 16 printable ASCII characters" },
        { "Sample:WebhookSecret", "has a space in the middle", "Sample:WebhookSecret must be at least 16 printable ASCII characters" },
        { "Sample:CallbackUrl", "http://example.com/extensions/vsts/issue-updated", "Sample:CallbackUrl must be the public https URL of the webhook endpoint" },
        { "Sample:CallbackUrl", "not a url", "Sample:CallbackUrl must be the public https URL of the webhook endpoint" },
        { "Sample:Database", "{folder}/missing/sample.db", "Sample:Database: the folder of " },
        { "Sample:Database", "{folder}", "Sample:Database must be a file path, not a folder" },
        { "Sample:Database", "{folder}/not-a-database.db", "Sample:Database '{folder}/not-a-database.db' cannot be used: SQLite Error 26: 'file is not a database'." },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task A_bad_setting_exits_2_with_one_line_naming_the_key(string key, string value, string expected)
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "not-a-database.db"), "This is a text file, not a SQLite database; it is long enough to have a header.");
        var settings = new Dictionary<string, string>
        {
            ["IssueSync:Vsts:OrganizationUrl"] = "https://dev.azure.com/fabrikam/",
            ["IssueSync:Vsts:PersonalAccessToken"] = Pat,
            ["Sample:Database"] = Path.Combine(_folder, "sample.db"),
            ["urls"] = "http://127.0.0.1:0",
        };
        settings[key] = value.Replace("{folder}", _folder, StringComparison.Ordinal);
        using var error = new StringWriter();

        var exitCode = await SampleProgram.RunAsync(settings.Select(s => $"--{s.Key}={s.Value}").ToArray(), error, CancellationToken.None);

        var line = Assert.Single(error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(2, exitCode);
        Assert.StartsWith(expected.Replace("{folder}", _folder, StringComparison.Ordinal), line, StringComparison.Ordinal);
        Assert.DoesNotContain(Pat, line, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "sample.db")), "Nothing is written before the settings are checked.");
    }

    [Fact]
    public async Task A_bad_webhook_secret_is_not_echoed()
    {
        using var error = new StringWriter();

        var exitCode = await SampleProgram.RunAsync(
            ["--IssueSync:Vsts:OrganizationUrl=https://dev.azure.com/fabrikam/", $"--IssueSync:Vsts:PersonalAccessToken={Pat}", "--Sample:WebhookSecret=secret\u00e9-not-ascii-0123"],
            error,
            CancellationToken.None);

        Assert.Equal(2, exitCode);
        Assert.DoesNotContain("secret\u00e9", error.ToString(), StringComparison.Ordinal);
    }
}
