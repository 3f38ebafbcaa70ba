using System.Net;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Tests.Client;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Issues;

public sealed class GetIssueTests : IssueTestBase
{
    private const string Org = IssueTestHarness.Org;

    [Fact]
    public async Task Seed_flow_reads_the_work_item_into_key_title_html_description_and_area_path_display_name()
    {
        Harness.Client.ExpectJson(HttpMethod.Get, Org + "_apis/wit/workitems/309", VstsFixtures.WorkItemResponse);

        var issue = await Harness.Integration.GetIssueAsync("309");

        var sent = Harness.Client.AssertSingleSent(HttpMethod.Get, Org + "_apis/wit/workitems/309");
        Assert.Null(sent.Body);
        Assert.Equal(new IssueDetails("309", "Hello", "Fix this.", "Fabrikam-Fiber-Git#309", new Uri(Org + "_workitems/edit/309")), issue);
    }

    [Fact]
    public async Task Description_comes_back_as_stored_html_and_null_when_absent()
    {
        Harness.Client.ExpectJson(HttpMethod.Get, Org + "_apis/wit/workitems/5", """{"id":5,"rev":2,"fields":{"System.Title":"T","System.AreaPath":"A\\B","System.Description":"<p>x &amp; y</p>"}}""");
        Harness.Client.ExpectJson(HttpMethod.Get, Org + "_apis/wit/workitems/6", """{"id":6,"rev":1,"fields":{"System.Title":"U","System.AreaPath":"A"}}""");

        var first = await Harness.Integration.GetIssueAsync("5");
        var second = await Harness.Integration.GetIssueAsync(" 6 ");

        Assert.Equal("<p>x &amp; y</p>", first.Description);
        Assert.Equal(@"A\B#5", first.DisplayName);
        Assert.Null(second.Description);
        Assert.Equal("A#6", second.DisplayName);
    }

    [Fact]
    public async Task Missing_work_item_is_a_not_found_VstsApiException()
    {
        Harness.Client.Expect(HttpMethod.Get, Org + "_apis/wit/workitems/12345").Respond(HttpStatusCode.NotFound, "application/json", VstsFixtures.WorkItemNotFoundError);

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => Harness.Integration.GetIssueAsync("12345"));

        Assert.Equal(VstsErrorKind.NotFound, ex.Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("1.5")]
    public async Task Key_that_is_not_a_work_item_number_throws_before_any_request(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Harness.Integration.GetIssueAsync(key));
        Assert.Throws<ArgumentException>(() => Harness.Integration.GetIssueUrl(key));

        Assert.Empty(Harness.Client.Requests);
    }

    [Fact]
    public void Issue_url_is_the_organization_edit_page()
    {
        Assert.Equal(new Uri("https://dev.azure.com/fabrikam/_workitems/edit/345"), Harness.Integration.GetIssueUrl("345"));
    }

    [Fact]
    public void Issue_url_keeps_a_legacy_host_and_collection_path()
    {
        using var harness = new ClientTestHarness(organizationUrl: "https://fabrikam-fiber-inc.visualstudio.com/");
        var factory = harness.Services.GetRequiredService<IIssueIntegrationFactory>();

        var integration = factory.Create(IssueTestHarness.NewInstallation(), harness.Connection);

        Assert.Equal("https://fabrikam-fiber-inc.visualstudio.com/_workitems/edit/345", integration.GetIssueUrl("345").AbsoluteUri);
    }
}

public sealed class IssueIntegrationRegistrationTests
{
    [Fact]
    public void Factory_is_registered_once_and_the_integration_store_is_optional()
    {
        var services = new ServiceCollection();
        services.AddVstsIssueSync(_ => { });
        services.AddVstsIssueSync(_ => { });
        using var provider = services.BuildServiceProvider();

        Assert.Single(services, d => d.ServiceType == typeof(IIssueIntegrationFactory));
        var factory = provider.GetRequiredService<IIssueIntegrationFactory>();
        Assert.Same(factory, provider.GetRequiredService<IIssueIntegrationFactory>());
    }

    [Fact]
    public async Task Saving_defaults_without_a_store_says_what_to_register()
    {
        using var harness = new ClientTestHarness();
        var integration = harness.Services.GetRequiredService<IIssueIntegrationFactory>().Create(IssueTestHarness.NewInstallation(), harness.Connection);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => integration.SaveCreateFormDefaultsAsync("host-1", "p", "t"));

        Assert.Contains("IIntegrationStore", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_store_registered_before_is_used()
    {
        var services = new ServiceCollection();
        var store = new FakeIntegrationStore(IssueTestHarness.NewInstallation());
        services.AddSingleton<IIntegrationStore>(store);
        services.AddVstsIssueSync(_ => { });
        using var provider = services.BuildServiceProvider();

        Assert.NotNull(provider.GetRequiredService<IIssueIntegrationFactory>());
    }

    [Fact]
    public void Null_arguments_are_rejected()
    {
        using var harness = new ClientTestHarness();
        var factory = harness.Services.GetRequiredService<IIssueIntegrationFactory>();

        Assert.Throws<ArgumentNullException>(() => factory.Create(null!, harness.Connection));
        Assert.Throws<ArgumentNullException>(() => factory.Create(IssueTestHarness.NewInstallation(), null!));
    }
}

public sealed class GetIssueIdentityTests : IssueTestBase
{
    [Fact]
    public async Task Entra_deleted_identity_on_get_becomes_unauthorized()
    {
        const string body = """{"message":"The identity abc is currently Deleted within the following Microsoft Entra tenant: contoso.","typeKey":"IdentityNotFoundException"}""";
        Harness.Client.Expect(HttpMethod.Get, IssueTestHarness.Org + "_apis/wit/workitems/5").Respond(HttpStatusCode.BadRequest, "application/json", body);

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => Harness.Integration.GetIssueAsync("5"));

        Assert.Equal(VstsErrorKind.Unauthorized, ex.Kind);
        Assert.Equal(VstsErrorKind.Validation, Assert.IsType<VstsApiException>(ex.InnerException).Kind);
    }
}
