using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;

namespace IssueSync.Sdk.Tests.Client;

public class VstsConnectionTests
{
    private const string Pat = "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnop";

    [Theory]
    [InlineData("https://dev.azure.com/fabrikam", "https://dev.azure.com/fabrikam/")]
    [InlineData("https://dev.azure.com/fabrikam/", "https://dev.azure.com/fabrikam/")]
    [InlineData("https://fabrikam.visualstudio.com", "https://fabrikam.visualstudio.com/")]
    [InlineData("https://fabrikam.visualstudio.com/DefaultCollection", "https://fabrikam.visualstudio.com/DefaultCollection/")]
    [InlineData("https://tfs.contoso.com/tfs/DefaultCollection", "https://tfs.contoso.com/tfs/DefaultCollection/")]
    [InlineData("https://tfs.contoso.com:8443/tfs/Default%20Collection", "https://tfs.contoso.com:8443/tfs/Default%20Collection/")]
    [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000/")]
    [InlineData("http://127.0.0.1:5000/org", "http://127.0.0.1:5000/org/")]
    [InlineData("http://localhost", "http://localhost/")]
    [InlineData("http://localhost:8080/fabrikam", "http://localhost:8080/fabrikam/")]
    [InlineData("http://[::1]:5000/org", "http://[::1]:5000/org/")]
    [InlineData("https://vssps.dev.azure.com/fabrikam", "https://vssps.dev.azure.com/fabrikam/")]
    [InlineData("https://tfs.contoso.com/", "https://tfs.contoso.com/")]
    public void Organization_url_is_accepted_and_ends_with_a_slash(string url, string expected)
    {
        var connection = new VstsConnection(new Uri(url), VstsCredential.PersonalAccessToken(Pat));

        Assert.Equal(expected, connection.OrganizationUrl.AbsoluteUri);
    }

    [Theory]
    [InlineData("http://dev.azure.com/fabrikam", "https")]
    [InlineData("http://tfs.contoso.com/tfs/DefaultCollection", "https")]
    [InlineData("http://10.0.0.5:8080/tfs", "https")]
    [InlineData("ftp://dev.azure.com/fabrikam", "https")]
    [InlineData("https://dev.azure.com/fabrikam?api-version=7.1", "query")]
    [InlineData("https://dev.azure.com/fabrikam#top", "fragment")]
    [InlineData("https://someone@dev.azure.com/fabrikam", "user name")]
    [InlineData("https://dev.azure.com/", "names no organization; use https://dev.azure.com/{organization}/.")]
    [InlineData("https://dev.azure.com", "names no organization")]
    [InlineData("https://dev.azure.com//", "names no organization")]
    [InlineData("https://dev.azure.com//fabrikam/", "names no organization")]
    [InlineData("https://vssps.dev.azure.com/", "names no organization")]
    [InlineData("http://dev.azure.com/", "names no organization; use https://dev.azure.com/{organization}/.")]
    [InlineData("http://dev.azure.com/fabrikam/", "answers https only; use https://dev.azure.com/fabrikam/.")]
    [InlineData("http://fabrikam.visualstudio.com/", "answers https only; use https://fabrikam.visualstudio.com/.")]
    public void Organization_url_that_cannot_be_used_is_rejected_with_the_reason(string url, string reason)
    {
        var exception = Assert.Throws<ArgumentException>(() => new VstsConnection(new Uri(url), VstsCredential.PersonalAccessToken(Pat)));

        Assert.Equal("organizationUrl", exception.ParamName);
        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Relative_url_is_rejected()
    {
        var exception = Assert.Throws<ArgumentException>(
            () => new VstsConnection(new Uri("fabrikam/", UriKind.Relative), VstsCredential.PersonalAccessToken(Pat)));

        Assert.Contains("absolute", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejecting_a_url_with_a_password_does_not_repeat_the_password()
    {
        var exception = Assert.Throws<ArgumentException>(
            () => new VstsConnection(new Uri($"https://build:{Pat}@dev.azure.com/fabrikam"), VstsCredential.PersonalAccessToken(Pat)));

        SecretAssert.DoesNotLeak(exception.Message, Pat);
        Assert.Contains("dev.azure.com/fabrikam", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NormalizeOrganizationUrl_reports_the_given_parameter_name()
    {
        var exception = Assert.Throws<ArgumentException>(() => VstsConnection.NormalizeOrganizationUrl(new Uri("http://example.com/"), "baseUrl"));

        Assert.Equal("baseUrl", exception.ParamName);
    }

    [Fact]
    public void NormalizeOrganizationUrl_returns_the_same_instance_when_it_already_ends_with_a_slash()
    {
        var url = new Uri("https://dev.azure.com/fabrikam/");

        Assert.Same(url, VstsConnection.NormalizeOrganizationUrl(url));
    }

    [Fact]
    public void Null_arguments_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => new VstsConnection(null!, VstsCredential.PersonalAccessToken(Pat)));
        Assert.Throws<ArgumentNullException>(() => new VstsConnection(new Uri("https://dev.azure.com/fabrikam/"), null!));
    }

    [Fact]
    public void Blank_ids_become_null()
    {
        var connection = new VstsConnection(new Uri("https://dev.azure.com/fabrikam"), VstsCredential.PersonalAccessToken(Pat), " ", "");

        Assert.Null(connection.OrganizationId);
        Assert.Null(connection.IntegrationId);
    }

    [Fact]
    public void Ids_and_credential_are_kept()
    {
        var credential = VstsCredential.PersonalAccessToken(Pat);

        var connection = new VstsConnection(new Uri("https://dev.azure.com/fabrikam"), credential, "c0ffee00-0000-0000-0000-000000000001", "install-7");

        Assert.Equal("c0ffee00-0000-0000-0000-000000000001", connection.OrganizationId);
        Assert.Equal("install-7", connection.IntegrationId);
        Assert.Same(credential, connection.Credential);
    }

    [Fact]
    public void ToString_shows_the_url_and_ids_but_not_the_personal_access_token()
    {
        var connection = new VstsConnection(new Uri("https://dev.azure.com/fabrikam"), VstsCredential.PersonalAccessToken(Pat), "org-id");

        var text = connection.ToString();

        SecretAssert.DoesNotLeak(text, Pat);
        Assert.Contains("https://dev.azure.com/fabrikam/", text, StringComparison.Ordinal);
        Assert.Contains("org-id", text, StringComparison.Ordinal);
        Assert.Contains("PersonalAccessToken(***)", text, StringComparison.Ordinal);
    }
}
