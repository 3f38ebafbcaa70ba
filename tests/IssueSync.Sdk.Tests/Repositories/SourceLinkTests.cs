using IssueSync.Sdk.Repositories;

namespace IssueSync.Sdk.Tests.Repositories;

public sealed class SourceLinkTests
{
    public static TheoryData<string, string, string, string, string> RoundTrips => new()
    {
        // project, repository, path, branch, the link's text after the organization URL
        { "Fabrikam", "Web", "src/app.cs", "main", "Fabrikam/_git/Web?path=%2Fsrc%2Fapp.cs&version=GBmain" },
        { "My Project", "My Repo", "src/My Folder/a b.cs", "main", "My%20Project/_git/My%20Repo?path=%2Fsrc%2FMy%20Folder%2Fa%20b.cs&version=GBmain" },
        { "P", "R", "docs/C#/notes#1.md", "main", "P/_git/R?path=%2Fdocs%2FC%23%2Fnotes%231.md&version=GBmain" },
        { "P", "R", "data/100%/ratio%20.txt", "release/2.0", "P/_git/R?path=%2Fdata%2F100%25%2Fratio%2520.txt&version=GBrelease%2F2.0" },
        { "Prójekt", "Repö", "src/Über/naïve 日本.cs", "feature/ß", "Pr%C3%B3jekt/_git/Rep%C3%B6?path=%2Fsrc%2F%C3%9Cber%2Fna%C3%AFve%20%E6%97%A5%E6%9C%AC.cs&version=GBfeature%2F%C3%9F" },
        { "P", "R", "a/b/c/d/e/f/g/h.cs", "main", "P/_git/R?path=%2Fa%2Fb%2Fc%2Fd%2Fe%2Ff%2Fg%2Fh.cs&version=GBmain" },
        { "P", "R", "a&b=c+d.cs", "x&y", "P/_git/R?path=%2Fa%26b%3Dc%2Bd.cs&version=GBx%26y" },
    };

    [Theory]
    [MemberData(nameof(RoundTrips))]
    public void A_link_is_escaped_once_and_reads_back_to_what_was_formatted(string project, string repository, string path, string branch, string expected)
    {
        foreach (var organization in new[] { "https://dev.azure.com/fabrikam/", "https://fabrikam.visualstudio.com/", "https://fabrikam.visualstudio.com/DefaultCollection/" })
        {
            var provider = Provider(organization);

            var link = provider.FormatSourceUrl(project, repository, path, branch);

            Assert.Equal(organization + expected, link.AbsoluteUri);
            Assert.True(provider.SourceUrlMatches(link.AbsoluteUri));
            Assert.Equal(new SourceLocation(project, repository, path, branch), provider.ParseSourceUrl(link.AbsoluteUri));
        }
    }

    [Fact]
    public void A_leading_slash_and_a_full_branch_ref_are_the_same_link()
    {
        var provider = Provider("https://dev.azure.com/fabrikam/");

        Assert.Equal(provider.FormatSourceUrl("P", "R", "src/a.cs", "main"), provider.FormatSourceUrl("P", "R", "/src/a.cs", "refs/heads/main"));
    }

    [Theory]
    [InlineData("https://dev.azure.com/fabrikam/P/_git/R?path=%2Fa.cs&version=GBmain", true)]
    [InlineData("https://dev.azure.com/FABRIKAM/P/_git/R", true)]
    [InlineData("https://fabrikam.visualstudio.com/P/_git/R?path=%2Fa.cs", true)]
    [InlineData("https://fabrikam.visualstudio.com/DefaultCollection/P/_git/R", true)]
    [InlineData("https://FabriKam.VisualStudio.com/", true)]
    [InlineData("https://dev.azure.com/fabrikamfiber/P/_git/R", false)]
    [InlineData("https://dev.azure.com/contoso/fabrikam/_git/R", false)]
    [InlineData("https://contoso.visualstudio.com/P/_git/R", false)]
    [InlineData("https://fabrikam.visualstudio.com.evil.example/P/_git/R", false)]
    [InlineData("https://github.com/fabrikam/web", false)]
    [InlineData("ftp://dev.azure.com/fabrikam/P/_git/R", false)]
    [InlineData("dev.azure.com/fabrikam/P", false)]
    [InlineData("", false)]
    public void A_url_belongs_to_the_organization_in_any_of_its_forms(string url, bool expected)
    {
        Assert.Equal(expected, Provider("https://dev.azure.com/fabrikam/").SourceUrlMatches(url));
        Assert.Equal(expected, Provider("https://fabrikam.visualstudio.com/").SourceUrlMatches(url));
        Assert.Equal(expected, Provider("https://fabrikam.visualstudio.com/DefaultCollection/").SourceUrlMatches(url));
    }

    [Fact]
    public void Another_host_matches_by_the_stored_url()
    {
        var provider = Provider("https://tfs.contoso.example/tfs/Main/");

        Assert.True(provider.SourceUrlMatches("https://tfs.contoso.example/tfs/Main/P/_git/R?path=%2Fa.cs&version=GBdev"));
        Assert.False(provider.SourceUrlMatches("https://tfs.contoso.example/tfs/Other/P/_git/R"));
        Assert.Equal(new SourceLocation("P", "R", "a.cs", "dev"), provider.ParseSourceUrl("https://tfs.contoso.example/tfs/Main/P/_git/R?path=%2Fa.cs&version=GBdev"));
    }

    [Theory]
    [InlineData("https://dev.azure.com/fabrikam/P/_git/R?path=%2Fa.cs&version=GCabc123", "a.cs", null)]
    [InlineData("https://dev.azure.com/fabrikam/P/_git/R?version=GBmain", null, "main")]
    [InlineData("https://dev.azure.com/fabrikam/P/_git/R", null, null)]
    public void A_link_without_a_branch_or_a_path_reads_back_with_nulls(string url, string? path, string? branch)
    {
        Assert.Equal(new SourceLocation("P", "R", path, branch), Provider("https://dev.azure.com/fabrikam/").ParseSourceUrl(url));
    }

    [Theory]
    [InlineData("https://dev.azure.com/fabrikam/P/_workitems/edit/1")]
    [InlineData("https://dev.azure.com/fabrikam/P/_git/R/commit/abc")]
    [InlineData("https://dev.azure.com/contoso/P/_git/R?path=%2Fa.cs&version=GBmain")]
    [InlineData("not a url")]
    [InlineData(" ")]
    public void Anything_else_is_not_a_source_link(string url)
    {
        Assert.Null(Provider("https://dev.azure.com/fabrikam/").ParseSourceUrl(url));
    }

    [Fact]
    public void Formatting_needs_every_part()
    {
        var provider = Provider("https://dev.azure.com/fabrikam/");

        Assert.Throws<ArgumentException>(() => provider.FormatSourceUrl(" ", "R", "a.cs", "main"));
        Assert.Throws<ArgumentException>(() => provider.FormatSourceUrl("P", "", "a.cs", "main"));
        Assert.Throws<ArgumentNullException>(() => provider.FormatSourceUrl("P", "R", null!, "main"));
        Assert.Throws<ArgumentException>(() => provider.FormatSourceUrl("P", "R", "a.cs", " "));
    }

    private static IRepositoryProvider Provider(string organizationUrl) => Clients.Provider(organizationUrl);
}
