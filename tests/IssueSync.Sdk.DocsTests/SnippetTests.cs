using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace IssueSync.Sdk.DocsTests;

/// <summary>
/// Every C# block of the README and the package READMEs is a region this project compiles (and a test runs):
/// a README edit that no longer matches its region, or an unmarked C# block, fails here.
/// </summary>
public sealed partial class SnippetTests
{
    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string>();
        foreach (var document in SnippetSource.Documents())
        {
            data.Add(Path.GetRelativePath(SnippetSource.Root, document));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_csharp_block_is_the_compiled_region_it_names(string document)
    {
        foreach (var block in SnippetSource.Blocks(Path.Combine(SnippetSource.Root, document)).Where(b => b.Language is "csharp" or "cs" or "c#"))
        {
            Assert.True(block.Names.Count > 0, $"{block.Document}:{block.Line}: a C# block without a '<!-- snippet: name -->' line before it; put its code in a '#region snippet:name' of tests/IssueSync.Sdk.DocsTests.");
            var expected = SnippetSource.Expected(block.Names);
            if (expected != block.Text)
            {
                Assert.Fail($"{block.Document}:{block.Line}: the block differs from its region(s) '{string.Join(' ', block.Names)}' in tests/IssueSync.Sdk.DocsTests.\n--- region\n{expected}\n--- README\n{block.Text}");
            }
        }
    }

    [Fact]
    public void The_check_reads_the_blocks_it_guards()
    {
        var marked = SnippetSource.Documents().SelectMany(SnippetSource.Blocks).Where(b => b.Names.Count > 0).ToList();
        Assert.Contains(marked, b => b.Document == "README.md" && b.Names.Contains("using-it"));
        Assert.Contains(marked, b => b.Document.EndsWith("IssueSync.Sdk.Testing/README.md", StringComparison.Ordinal) && b.Names.Contains("testing-inbound"));
        // Every region is shown somewhere: a region no README uses is dead documentation.
        var used = marked.SelectMany(b => b.Names).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(SnippetSource.Regions.Keys, name => !used.Contains(name));
    }

    [Theory]
    [InlineData("csharp", "x();", "x();", true)]
    [InlineData("csharp", "x();", "y();", false)]
    public void A_changed_block_is_told_apart_from_its_region(string language, string region, string block, bool same)
    {
        var path = Path.Combine(Path.GetTempPath(), $"snippet-{Guid.NewGuid():N}.md");
        File.WriteAllText(path, $"text\n<!-- snippet: probe -->\n```{language}\n{block}\n```\n");
        try
        {
            var read = Assert.Single(SnippetSource.Blocks(path));
            Assert.Equal(["probe"], read.Names);
            Assert.Equal(same, read.Text == region);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Package_readme_links_are_absolute_and_under_the_repository_url()
    {
        var props = XDocument.Load(Path.Combine(SnippetSource.Root, "Directory.Build.props"));
        var repository = props.Descendants("IssueSyncRepositoryUrl").Single().Value;
        Assert.StartsWith("https://github.com/", repository, StringComparison.Ordinal);

        foreach (var readme in PackageReadmes())
        {
            foreach (Match link in LinkPattern().Matches(File.ReadAllText(readme)))
            {
                var target = link.Groups[1].Value;
                Assert.True(target.StartsWith("https://", StringComparison.Ordinal), $"{readme}: the link '{target}' is relative; on the package page it breaks. Use {repository}/blob/main/...");
                if (target.StartsWith("https://github.com/", StringComparison.Ordinal))
                {
                    Assert.True(target.StartsWith(repository + "/", StringComparison.Ordinal) || target == repository, $"{readme}: '{target}' is not under {repository} (Directory.Build.props IssueSyncRepositoryUrl).");
                }
            }
        }
    }

    /// <summary>The READMEs the packable projects pack (their <c>PackageReadmeFile</c>).</summary>
    private static IEnumerable<string> PackageReadmes()
    {
        foreach (var project in Directory.GetFiles(Path.Combine(SnippetSource.Root, "src"), "*.csproj", SearchOption.AllDirectories))
        {
            var xml = XDocument.Load(project);
            var packed = xml.Descendants("None").Where(n => (string?)n.Attribute("Pack") == "true" && ((string?)n.Attribute("Include"))?.EndsWith("README.md", StringComparison.Ordinal) == true);
            foreach (var none in packed)
            {
                yield return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, (string)none.Attribute("Include")!));
            }
        }
    }

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex LinkPattern();
}
