using System.Text.Json;
using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Tests.Client.Models;

public class VstsIdentityTests
{
    [Fact]
    public void Identity_object_of_a_rest_response()
    {
        var identity = Parse("""
            {
              "displayName": "Jamal Hartnett",
              "url": "https://vssps.dev.azure.com/fabrikam/_apis/Identities/d291b0c4-a05c-4ea6-8df1-4b41d5f39eff",
              "_links": { "avatar": { "href": "https://dev.azure.com/fabrikam/_apis/GraphProfile/MemberAvatars/aad.YTkzODFkODYtNTYxYS03ZDdiLWJjM2QtZDUzMjllMjM5OTAz" } },
              "id": "d291b0c4-a05c-4ea6-8df1-4b41d5f39eff",
              "uniqueName": "fabrikamfiber4@hotmail.com",
              "imageUrl": "https://dev.azure.com/fabrikam/_apis/GraphProfile/MemberAvatars/aad.YTkzODFkODYtNTYxYS03ZDdiLWJjM2QtZDUzMjllMjM5OTAz",
              "descriptor": "aad.YTkzODFkODYtNTYxYS03ZDdiLWJjM2QtZDUzMjllMjM5OTAz"
            }
            """);

        Assert.Equal(
            new VstsIdentity
            {
                DisplayName = "Jamal Hartnett",
                UniqueName = "fabrikamfiber4@hotmail.com",
                Email = "fabrikamfiber4@hotmail.com",
                Id = "d291b0c4-a05c-4ea6-8df1-4b41d5f39eff",
                Descriptor = "aad.YTkzODFkODYtNTYxYS03ZDdiLWJjM2QtZDUzMjllMjM5OTAz",
            },
            identity);
    }

    [Fact]
    public void Webhook_identity_object_takes_the_email_from_name()
    {
        // revisedBy of a workitem.updated payload: the unique name is not an email.
        var identity = Parse("""
            {
              "id": "21354f98-ab06-67d9-b974-5a54d992082e",
              "name": "lauryn <lauryn@sentry.io>",
              "displayName": "lauryn",
              "url": "https://app.vssps.visualstudio.com/A1dbcf4d2-e02f-4aec-8ebc-4e96ea6b4e2f/_apis/Identities/21354f98-ab06-67d9-b974-5a54d992082e",
              "uniqueName": "LAURYNSENTRY\\lauryn",
              "descriptor": "msa.MjEzNTRmOTgtYWIwNi02N2Q5LWI5NzQtNWE1NGQ5OTIwODJl"
            }
            """);

        Assert.NotNull(identity);
        Assert.Equal("lauryn", identity.DisplayName);
        Assert.Equal("lauryn@sentry.io", identity.Email);
        Assert.Equal("LAURYNSENTRY\\lauryn", identity.UniqueName);
        Assert.Equal("21354f98-ab06-67d9-b974-5a54d992082e", identity.Id);
        Assert.Equal("msa.MjEzNTRmOTgtYWIwNi02N2Q5LWI5NzQtNWE1NGQ5OTIwODJl", identity.Descriptor);
    }

    [Fact]
    public void Webhook_identity_object_without_display_name_or_unique_name_uses_name()
    {
        var identity = Parse("""{"name":"lauryn <lauryn@sentry.io>"}""");

        Assert.Equal(new VstsIdentity { DisplayName = "lauryn", Email = "lauryn@sentry.io" }, identity);
    }

    [Fact]
    public void Identity_object_with_nothing_usable_is_null()
    {
        Assert.Null(Parse("""{"url":"https://example.test","imageUrl":"","displayName":""}"""));
    }

    [Fact]
    public void Display_name_and_email_string()
    {
        var identity = VstsIdentity.Parse("Jamal Hartnett <fabrikamfiber4@hotmail.com>");

        Assert.Equal(new VstsIdentity { DisplayName = "Jamal Hartnett", UniqueName = "fabrikamfiber4@hotmail.com", Email = "fabrikamfiber4@hotmail.com" }, identity);
    }

    [Fact]
    public void Display_name_and_email_string_inside_json()
    {
        var identity = Parse("\"Jamal Hartnett <fabrikamfiber4@hotmail.com>\"");

        Assert.Equal(new VstsIdentity { DisplayName = "Jamal Hartnett", UniqueName = "fabrikamfiber4@hotmail.com", Email = "fabrikamfiber4@hotmail.com" }, identity);
    }

    [Fact]
    public void Display_name_with_an_on_premises_account_has_no_email()
    {
        var identity = VstsIdentity.Parse("Jamal Hartnett <FABRIKAM\\jamal>");

        Assert.Equal(new VstsIdentity { DisplayName = "Jamal Hartnett", UniqueName = "FABRIKAM\\jamal" }, identity);
    }

    [Theory]
    [InlineData("ftotten@vscsi.us")]
    [InlineData("  ftotten@vscsi.us  ")]
    public void Bare_email(string value)
    {
        var identity = VstsIdentity.Parse(value);

        Assert.Equal(new VstsIdentity { UniqueName = "ftotten@vscsi.us", Email = "ftotten@vscsi.us" }, identity);
    }

    [Fact]
    public void Display_name_only()
    {
        var identity = VstsIdentity.Parse("Jamal Hartnett");

        Assert.Equal(new VstsIdentity { DisplayName = "Jamal Hartnett" }, identity);
    }

    [Fact]
    public void Bare_domain_account_is_a_unique_name()
    {
        var identity = VstsIdentity.Parse("FABRIKAM\\jamal");

        Assert.Equal(new VstsIdentity { UniqueName = "FABRIKAM\\jamal" }, identity);
    }

    [Theory]
    [InlineData("Jamal <>")]
    [InlineData("<not an email>")]
    [InlineData("a@b@c")]
    public void Malformed_email_is_not_taken_as_an_email(string value)
    {
        var identity = VstsIdentity.Parse(value);

        Assert.NotNull(identity);
        Assert.Null(identity.Email);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Null_empty_or_blank_string_is_null(string? value)
    {
        Assert.Null(VstsIdentity.Parse(value));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("42")]
    [InlineData("true")]
    [InlineData("[\"Jamal Hartnett <fabrikamfiber4@hotmail.com>\"]")]
    [InlineData("\"\"")]
    public void Json_values_that_are_not_identities_are_null(string json)
    {
        Assert.Null(Parse(json));
    }

    [Fact]
    public void Undefined_json_element_is_null()
    {
        Assert.Null(VstsIdentity.Parse(default(JsonElement)));
    }

    private static VstsIdentity? Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return VstsIdentity.Parse(document.RootElement);
    }
}
