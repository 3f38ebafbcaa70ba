using System.Net;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace IssueSync.Sdk.Tests.DependencyInjection;

public class VstsIssueSyncServiceCollectionExtensionsTests
{
    private const string Section = "IssueSync:Vsts";
    private const string OrganizationUrl = "https://dev.azure.com/fabrikam/";

    [Fact]
    public void Options_set_in_code_are_resolved()
    {
        using var provider = Provider(services => services.AddVstsIssueSync(options =>
        {
            options.OrganizationUrl = OrganizationUrl;
            options.ApplicationName = "Fabrikam.Tracker";
        }));

        var options = provider.GetRequiredService<IOptions<VstsIssueSyncOptions>>().Value;

        Assert.Equal(OrganizationUrl, options.OrganizationUrl);
        Assert.Equal("Fabrikam.Tracker", options.ApplicationName);
        Assert.Null(options.PersonalAccessToken);
    }

    [Fact]
    public void Configuration_overload_binds_the_IssueSync_Vsts_section()
    {
        using var provider = Provider(services => services.AddVstsIssueSync(Configuration(
            $"{Section}:OrganizationUrl={OrganizationUrl}",
            $"{Section}:PersonalAccessToken=pat-value",
            $"{Section}:ApplicationName=Fabrikam.Tracker",
            "Other:OrganizationUrl=https://dev.azure.com/not-this-one/")));

        var options = provider.GetRequiredService<IOptions<VstsIssueSyncOptions>>().Value;

        Assert.Equal(OrganizationUrl, options.OrganizationUrl);
        Assert.Equal("pat-value", options.PersonalAccessToken);
        Assert.Equal("Fabrikam.Tracker", options.ApplicationName);
    }

    [Fact]
    public void Outbound_settings_bind_from_their_section_and_default_sensibly()
    {
        using var defaults = Provider(services => services.AddVstsIssueSync(_ => { }));
        var outbound = defaults.GetRequiredService<IOptions<VstsIssueSyncOptions>>().Value.Outbound;
        Assert.Equal(3, outbound.MaxConflictRetries);
        Assert.Equal(TimeSpan.FromMinutes(5), outbound.DirectoryRefreshInterval);
        Assert.Equal(TimeSpan.FromHours(24), outbound.DirectoryTimeToLive);
        Assert.Equal(TimeSpan.FromMinutes(10), outbound.ProcessMetadataTimeToLive);
        Assert.True(outbound.ReadBeforeAssign);
        Assert.Equal(IssueSync.Sdk.Issues.OutboundCommentMode.CommentsApi, outbound.CommentMode);

        using var provider = Provider(services => services.AddVstsIssueSync(Configuration(
            $"{Section}:Outbound:MaxConflictRetries=5",
            $"{Section}:Outbound:DirectoryRefreshInterval=00:10:00",
            $"{Section}:Outbound:DirectoryTimeToLive=06:00:00",
            $"{Section}:Outbound:ReadBeforeAssign=false",
            $"{Section}:Outbound:CommentMode=HistoryField")));
        outbound = provider.GetRequiredService<IOptions<VstsIssueSyncOptions>>().Value.Outbound;

        Assert.Equal(5, outbound.MaxConflictRetries);
        Assert.Equal(TimeSpan.FromMinutes(10), outbound.DirectoryRefreshInterval);
        Assert.Equal(TimeSpan.FromHours(6), outbound.DirectoryTimeToLive);
        Assert.False(outbound.ReadBeforeAssign);
        Assert.Equal(IssueSync.Sdk.Issues.OutboundCommentMode.HistoryField, outbound.CommentMode);
    }

    [Fact]
    public void An_undefined_comment_mode_fails_validation()
    {
        using var provider = Provider(services => services.AddVstsIssueSync(o => o.Outbound.CommentMode = (IssueSync.Sdk.Issues.OutboundCommentMode)9));

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<VstsIssueSyncOptions>>().Value);

        Assert.StartsWith($"{Section}:Outbound:CommentMode", Assert.Single(exception.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Section_name_and_client_name_are_the_documented_ones()
    {
        Assert.Equal("IssueSync:Vsts", VstsIssueSyncOptions.SectionName);
        Assert.Equal("IssueSync.Sdk.Vsts", VstsClientOptions.HttpClientName);
        Assert.Equal("IssueSync.Sdk.Vsts.OAuth", VstsOAuthOptions.HttpClientName);
    }

    [Fact]
    public void The_named_http_client_is_created_by_the_factory()
    {
        using var provider = Provider(services => services.AddVstsIssueSync(_ => { }));

        using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient(VstsClientOptions.HttpClientName);
        var factoryOptions = provider.GetRequiredService<IOptionsMonitor<HttpClientFactoryOptions>>().Get(VstsClientOptions.HttpClientName);

        Assert.NotNull(client);
        Assert.NotEmpty(factoryOptions.HttpMessageHandlerBuilderActions);
        Assert.Equal(Timeout.InfiniteTimeSpan, factoryOptions.HandlerLifetime);
    }

    [Fact]
    public void The_primary_handler_is_a_SocketsHttpHandler_that_never_follows_redirects()
    {
        using var provider = Provider(services => services.AddVstsIssueSync(_ => { }));

        var primary = PrimaryHandler(provider);

        var sockets = Assert.IsType<SocketsHttpHandler>(primary);
        Assert.False(sockets.AllowAutoRedirect);
        Assert.False(sockets.UseCookies);
        Assert.Equal(DecompressionMethods.All, sockets.AutomaticDecompression);
        Assert.Equal(TimeSpan.FromMinutes(5), sockets.PooledConnectionLifetime);
    }

    [Fact]
    public async Task The_state_ports_default_to_single_in_memory_stores_on_the_registered_clock()
    {
        var clock = new FakeTimeProvider();
        using var provider = Provider(services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            services.AddVstsIssueSync(_ => { });
        });

        var dedupe = provider.GetRequiredService<IDeliveryDedupeStore>();
        var watermarks = provider.GetRequiredService<ISyncWatermarkStore>();
        var ledger = provider.GetRequiredService<IOwnWriteLedger>();

        Assert.IsType<InMemoryDeliveryDedupeStore>(dedupe);
        Assert.IsType<InMemorySyncWatermarkStore>(watermarks);
        Assert.IsType<InMemoryOwnWriteLedger>(ledger);
        Assert.Same(dedupe, provider.GetRequiredService<IDeliveryDedupeStore>());
        Assert.Same(watermarks, provider.GetRequiredService<ISyncWatermarkStore>());
        Assert.Same(ledger, provider.GetRequiredService<IOwnWriteLedger>());
        // On the registered clock: a claim expires when that clock passes its retention.
        Assert.True(await dedupe.TryClaimAsync("d1", TimeSpan.FromMinutes(1)));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True(await dedupe.TryClaimAsync("d1", TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void The_system_clock_is_registered_when_the_host_has_none()
    {
        using var provider = Provider(services => services.AddVstsIssueSync(_ => { }));

        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void The_builder_exposes_the_service_collection_and_the_named_client_builder()
    {
        var services = new ServiceCollection();

        var builder = services.AddVstsIssueSync(_ => { });

        Assert.Same(services, builder.Services);
        Assert.Equal(VstsClientOptions.HttpClientName, builder.HttpClientBuilder.Name);
    }

    [Fact]
    public void A_second_call_returns_a_builder_over_the_same_named_client()
    {
        var services = new ServiceCollection();

        var first = services.AddVstsIssueSync(_ => { });
        var second = services.AddVstsIssueSync(_ => { });

        Assert.Same(first.HttpClientBuilder, second.HttpClientBuilder);
        Assert.Same(services, second.Services);
    }

    [Fact]
    public void Null_arguments_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).AddVstsIssueSync(_ => { }));
        Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddVstsIssueSync((Action<VstsIssueSyncOptions>)null!));
        Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddVstsIssueSync((IConfiguration)null!));
    }

    // ---- Validation ----

    public static TheoryData<string[], string> InvalidSettings => new()
    {
        { [$"{Section}:OrganizationUrl=dev.azure.com/fabrikam"], $"{Section}:OrganizationUrl" },
        { [$"{Section}:OrganizationUrl=http://dev.azure.com/fabrikam/"], $"{Section}:OrganizationUrl" },
        { [$"{Section}:OrganizationUrl=https://dev.azure.com/fabrikam/?x=1"], $"{Section}:OrganizationUrl" },
        { [$"{Section}:OrganizationUrl=https://dev.azure.com/"], $"{Section}:OrganizationUrl" },
        { [$"{Section}:OrganizationUrl=https://dev.azure.com"], $"{Section}:OrganizationUrl" },
        { [$"{Section}:OrganizationUrl=https://dev.azure.com//"], $"{Section}:OrganizationUrl" },
        { [$"{Section}:Resilience:NoAnswerNotice=00:00:00.5"], $"{Section}:Resilience:NoAnswerNotice" },
        { [$"{Section}:PersonalAccessToken=pat-value"], $"{Section}:PersonalAccessToken" },
        { [$"{Section}:OrganizationUrl={OrganizationUrl}", $"{Section}:PersonalAccessToken= "], $"{Section}:PersonalAccessToken" },
        { [$"{Section}:OrganizationUrl={OrganizationUrl}", $"{Section}:PersonalAccessToken="], $"{Section}:PersonalAccessToken" },
        { [$"{Section}:ApplicationName=my app!"], $"{Section}:ApplicationName" },
        { [$"{Section}:ApplicationName={new string('a', 65)}"], $"{Section}:ApplicationName" },
        { [$"{Section}:Outbound:MaxConflictRetries=11"], $"{Section}:Outbound:MaxConflictRetries" },
        { [$"{Section}:Outbound:MaxConflictRetries=-1"], $"{Section}:Outbound:MaxConflictRetries" },
        { [$"{Section}:Outbound:DirectoryRefreshInterval=00:00:00"], $"{Section}:Outbound:DirectoryRefreshInterval" },
        { [$"{Section}:Outbound:DirectoryTimeToLive=00:01:00"], $"{Section}:Outbound:DirectoryTimeToLive" },
        { [$"{Section}:Outbound:ProcessMetadataTimeToLive=-00:00:01"], $"{Section}:Outbound:ProcessMetadataTimeToLive" },
        { [$"{Section}:Outbound:ProcessMetadataTimeToLive=1.00:00:01"], $"{Section}:Outbound:ProcessMetadataTimeToLive" },
        { [$"{Section}:Webhook:MaxBodyBytes=0"], $"{Section}:Webhook:MaxBodyBytes" },
        { [$"{Section}:Webhook:MaxBodyBytes=1073741824"], $"{Section}:Webhook:MaxBodyBytes" },
        { [$"{Section}:Webhook:SecretHeaderName="], $"{Section}:Webhook:SecretHeaderName" },
        { [$"{Section}:Webhook:SecretHeaderName=Shared Secret"], $"{Section}:Webhook:SecretHeaderName" },
        { [$"{Section}:Webhook:SecretHeaderName=X-Key:1"], $"{Section}:Webhook:SecretHeaderName" },
        { [$"{Section}:Webhook:DeliveryRetention=00:00:00"], $"{Section}:Webhook:DeliveryRetention" },
        { [$"{Section}:Webhook:StoreFailureRetryAfter=00:00:00"], $"{Section}:Webhook:StoreFailureRetryAfter" },
        { [$"{Section}:Webhook:StoreFailureRetryAfter=02:00:00"], $"{Section}:Webhook:StoreFailureRetryAfter" },
        { [$"{Section}:Reconciliation:Lookback=00:00:00"], $"{Section}:Reconciliation:Lookback" },
        { [$"{Section}:Reconciliation:Lookback=8.00:00:00"], $"{Section}:Reconciliation:Lookback" },
        { [$"{Section}:Reconciliation:PageSize=0"], $"{Section}:Reconciliation:PageSize" },
        { [$"{Section}:Reconciliation:PageSize=10001"], $"{Section}:Reconciliation:PageSize" },
        { [$"{Section}:Webhook:WorkItemLeaseTime=00:00:00"], $"{Section}:Webhook:WorkItemLeaseTime" },
        { [$"{Section}:Webhook:WorkItemLeaseTime=02:00:00"], $"{Section}:Webhook:WorkItemLeaseTime" },
        { [$"{Section}:Webhook:WorkItemLeaseWait=-00:00:01"], $"{Section}:Webhook:WorkItemLeaseWait" },
        { [$"{Section}:Webhook:WorkItemLeaseWait=00:05:00"], $"{Section}:Webhook:WorkItemLeaseWait" },
        { [$"{Section}:OAuth:RefreshLeaseTime=00:00:00"], $"{Section}:OAuth:RefreshLeaseTime" },
        { [$"{Section}:OAuth:RefreshLeaseTime=01:00:00"], $"{Section}:OAuth:RefreshLeaseTime" },
        { [$"{Section}:OAuth:RefreshLeaseWait=-00:00:01"], $"{Section}:OAuth:RefreshLeaseWait" },
        { [$"{Section}:OAuth:RefreshLeaseWait=00:05:00"], $"{Section}:OAuth:RefreshLeaseWait" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Invalid_settings_fail_on_first_use_naming_the_key(string[] settings, string expectedKey)
    {
        using var provider = Provider(services => services.AddVstsIssueSync(Configuration(settings)));
        var options = provider.GetRequiredService<IOptions<VstsIssueSyncOptions>>();

        var exception = Assert.Throws<OptionsValidationException>(() => options.Value);

        Assert.Contains(exception.Failures, failure => failure.StartsWith(expectedKey, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public async Task Invalid_settings_fail_at_start_under_the_generic_host_naming_the_key(string[] settings, string expectedKey)
    {
        using var host = BuildHost(settings);

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expectedKey, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_personal_access_token_fails_validation()
    {
        using var provider = Provider(services => services.AddVstsIssueSync(options =>
        {
            options.OrganizationUrl = OrganizationUrl;
            options.PersonalAccessToken = "";
        }));

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<VstsIssueSyncOptions>>().Value);

        Assert.Contains(exception.Failures, failure => failure.StartsWith($"{Section}:PersonalAccessToken is empty", StringComparison.Ordinal));
    }

    [Fact]
    public void A_personal_access_token_without_a_url_names_both_keys()
    {
        using var provider = Provider(services => services.AddVstsIssueSync(options => options.PersonalAccessToken = "pat-value"));

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<VstsIssueSyncOptions>>().Value);

        var failure = Assert.Single(exception.Failures);
        Assert.Contains($"{Section}:PersonalAccessToken", failure, StringComparison.Ordinal);
        Assert.Contains($"{Section}:OrganizationUrl", failure, StringComparison.Ordinal);
        SecretAssert.DoesNotLeak(failure, "pat-value");
    }

    [Fact]
    public void A_url_with_a_pasted_token_is_rejected_without_repeating_the_token()
    {
        using var provider = Provider(services => services.AddVstsIssueSync(options => options.OrganizationUrl = "https://build:s3cr3t-pat@dev.azure.com/fabrikam/"));

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<VstsIssueSyncOptions>>().Value);

        Assert.Contains($"{Section}:OrganizationUrl", exception.Message, StringComparison.Ordinal);
        SecretAssert.DoesNotLeak(exception.Message, "s3cr3t-pat");
    }

    [Theory]
    [InlineData("https://dev.azure.com/")]
    [InlineData("https://dev.azure.com")]
    [InlineData("https://dev.azure.com//")]
    [InlineData("https://DEV.AZURE.COM/")]
    public void An_organization_url_without_an_organization_names_the_key_and_the_expected_form(string url)
    {
        using var provider = Provider(services => services.AddVstsIssueSync(Configuration($"{Section}:OrganizationUrl={url}", $"{Section}:PersonalAccessToken=pat-value")));

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<VstsIssueSyncOptions>>().Value);

        var failure = Assert.Single(exception.Failures);
        Assert.Equal(
            $"{Section}:OrganizationUrl '{new Uri(url)}' cannot be used: it names no organization; use https://dev.azure.com/{{organization}}/.",
            failure);
    }

    [Fact]
    public void An_http_organization_url_on_azure_devops_services_names_the_key_and_the_https_url_to_use()
    {
        using var provider = Provider(services => services.AddVstsIssueSync(options => options.OrganizationUrl = "http://dev.azure.com/x"));

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<VstsIssueSyncOptions>>().Value);

        Assert.Equal(
            $"{Section}:OrganizationUrl 'http://dev.azure.com/x' cannot be used: Azure DevOps Services answers https only; use https://dev.azure.com/x.",
            Assert.Single(exception.Failures));
    }

    [Theory]
    [InlineData("https://fabrikam.visualstudio.com/")]
    [InlineData("https://fabrikam.visualstudio.com/DefaultCollection/")]
    [InlineData("https://tfs.contoso.com/tfs/DefaultCollection/")]
    [InlineData("https://tfs.contoso.com/")]
    [InlineData("http://localhost:5000/")]
    public void Visualstudio_com_and_on_premises_collection_urls_still_pass(string url)
    {
        using var provider = Provider(services => services.AddVstsIssueSync(Configuration($"{Section}:OrganizationUrl={url}", $"{Section}:PersonalAccessToken=pat-value")));

        Assert.Equal(url, provider.GetRequiredService<IOptions<VstsIssueSyncOptions>>().Value.OrganizationUrl);
    }

    [Fact]
    public async Task No_request_is_ever_sent_to_dev_azure_com_without_an_organization()
    {
        var sent = new List<Uri?>();
        var services = new ServiceCollection();
        services.AddVstsIssueSync(options =>
        {
            options.OrganizationUrl = "https://dev.azure.com/";
            options.PersonalAccessToken = "pat-value";
        }).HttpClientBuilder.ConfigurePrimaryHttpMessageHandler(() => new RecordingPrimaryHandler(sent));
        using var provider = services.BuildServiceProvider();

        // The default client: the options fail before any request.
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IVstsClient>());
        // A connection made in code: the URL fails before any request.
        var connection = Assert.Throws<ArgumentException>(() => new VstsConnection(new Uri("https://dev.azure.com"), VstsCredential.PersonalAccessToken("pat-value")));
        Assert.Contains("names no organization", connection.Message, StringComparison.Ordinal);
        // The account client's area lookup takes an organization URL too.
        await Assert.ThrowsAsync<ArgumentException>(() => provider.GetRequiredService<IVstsAccountClient>().GetAreaUrlAsync(new Uri("https://dev.azure.com/"), VstsResourceArea.Graph));

        Assert.Empty(sent);
    }

    private sealed class RecordingPrimaryHandler(List<Uri?> sent) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            sent.Add(request.RequestUri);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.Unauthorized));
        }
    }

    [Fact]
    public void Several_problems_are_reported_together()
    {
        using var provider = Provider(services => services.AddVstsIssueSync(options =>
        {
            options.OrganizationUrl = "http://dev.azure.com/fabrikam/";
            options.ApplicationName = "bad name";
        }));

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<VstsIssueSyncOptions>>().Value);

        Assert.Equal(2, exception.Failures.Count());
    }

    [Theory]
    [InlineData("http://localhost:5000/fabrikam/")]
    [InlineData("https://fabrikam.visualstudio.com/")]
    [InlineData("https://tfs.contoso.com/tfs/DefaultCollection")]
    public async Task Valid_settings_start_the_host(string organizationUrl)
    {
        using var host = BuildHost(
            $"{Section}:OrganizationUrl={organizationUrl}",
            $"{Section}:PersonalAccessToken=pat-value",
            $"{Section}:ApplicationName=Fabrikam.Tracker-2_x");

        await host.StartAsync();
        await host.StopAsync();

        Assert.Equal(organizationUrl, host.Services.GetRequiredService<IOptions<VstsIssueSyncOptions>>().Value.OrganizationUrl);
    }

    [Fact]
    public async Task Empty_settings_are_valid_for_multi_organization_hosts()
    {
        using var host = BuildHost();

        await host.StartAsync();
        await host.StopAsync();
    }

    // ---- Idempotency ----

    [Fact]
    public void Calling_twice_adds_nothing_but_the_second_configure_action_and_both_apply()
    {
        var once = new ServiceCollection();
        once.AddVstsIssueSync(options => options.ApplicationName = "Fabrikam.Tracker");
        var twice = new ServiceCollection();
        twice.AddVstsIssueSync(options => options.ApplicationName = "Fabrikam.Tracker");
        twice.AddVstsIssueSync(options => options.OrganizationUrl = OrganizationUrl);

        Assert.Equal(once.Count + 1, twice.Count);
        Assert.Equal(CountOf<IConfigureOptions<VstsIssueSyncOptions>>(once) + 1, CountOf<IConfigureOptions<VstsIssueSyncOptions>>(twice));
        Assert.Equal(1, twice.Count(d => d.ServiceType == typeof(IValidateOptions<VstsIssueSyncOptions>) && d.ImplementationType?.Name == "VstsIssueSyncOptionsValidator"));
        Assert.Equal(1, twice.Count(d => d.ServiceType.Name == "VstsIssueSyncMarker"));
        Assert.Equal(1, CountOf<IDeliveryDedupeStore>(twice));
        Assert.Equal(1, CountOf<ISyncWatermarkStore>(twice));
        Assert.Equal(1, CountOf<IOwnWriteLedger>(twice));

        using var onceProvider = once.BuildServiceProvider();
        using var twiceProvider = twice.BuildServiceProvider();
        Assert.Equal(HandlerActionCount(onceProvider), HandlerActionCount(twiceProvider));

        var options = twiceProvider.GetRequiredService<IOptions<VstsIssueSyncOptions>>().Value;
        Assert.Equal("Fabrikam.Tracker", options.ApplicationName);
        Assert.Equal(OrganizationUrl, options.OrganizationUrl);
        Assert.IsType<SocketsHttpHandler>(PrimaryHandler(twiceProvider));
    }

    [Fact]
    public void A_later_configure_action_overrides_an_earlier_one()
    {
        var services = new ServiceCollection();
        services.AddVstsIssueSync(options => options.ApplicationName = "First");
        services.AddVstsIssueSync(options => options.ApplicationName = "Second");
        using var provider = services.BuildServiceProvider();

        Assert.Equal("Second", provider.GetRequiredService<IOptions<VstsIssueSyncOptions>>().Value.ApplicationName);
    }

    // ---- Host stores ----

    [Theory]
    [InlineData(nameof(IIntegrationStore))]
    [InlineData(nameof(IExternalProjectStore))]
    [InlineData(nameof(IGroupStore))]
    [InlineData(nameof(IAssigneeStore))]
    [InlineData(nameof(ITokenStore))]
    [InlineData(nameof(IDeliveryDedupeStore))]
    [InlineData(nameof(ISyncWatermarkStore))]
    [InlineData(nameof(IOwnWriteLedger))]
    [InlineData(nameof(IWorkItemDeletionStore))]
    [InlineData(nameof(ICommentStore))]
    [InlineData(nameof(IVstsCredentialResolver))]
    public void Adding_a_store_registers_a_singleton_and_a_second_call_replaces_it(string port)
    {
        var services = new ServiceCollection();
        var builder = services.AddVstsIssueSync(_ => { });
        var (portType, addType, addFactory) = StoreMethods(builder, port);

        addType(typeof(HostStores));
        Assert.Same(builder, addType(typeof(OtherHostStores)));

        var descriptor = Assert.Single(services, d => d.ServiceType == portType);
        Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);
        using (var provider = services.BuildServiceProvider())
        {
            Assert.IsType<OtherHostStores>(provider.GetRequiredService(portType));
            Assert.Same(provider.GetRequiredService(portType), provider.GetRequiredService(portType));
        }

        var fromFactory = new HostStores();
        Assert.Same(builder, addFactory(_ => fromFactory));

        Assert.Single(services, d => d.ServiceType == portType);
        using (var provider = services.BuildServiceProvider())
        {
            Assert.Same(fromFactory, provider.GetRequiredService(portType));
        }
    }

    [Fact]
    public void A_null_store_factory_is_rejected()
    {
        var builder = new ServiceCollection().AddVstsIssueSync(_ => { });

        Assert.Throws<ArgumentNullException>(() => builder.AddGroupStore(null!));
    }

    private static ServiceProvider Provider(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        configure(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private static IConfiguration Configuration(params string[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(Settings(settings)).Build();

    private static IEnumerable<KeyValuePair<string, string?>> Settings(string[] settings) =>
        settings.Select(setting =>
        {
            var equals = setting.IndexOf('=', StringComparison.Ordinal);
            return KeyValuePair.Create(setting[..equals], (string?)setting[(equals + 1)..]);
        });

    private static IHost BuildHost(params string[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(Settings(settings));
        builder.Services.AddVstsIssueSync(builder.Configuration);
        return builder.Build();
    }

    private static HttpMessageHandler PrimaryHandler(IServiceProvider provider)
    {
        var handler = provider.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(VstsClientOptions.HttpClientName);
        while (handler is DelegatingHandler delegating)
        {
            handler = delegating.InnerHandler ?? throw new InvalidOperationException($"{delegating.GetType().Name} has no inner handler.");
        }

        return handler;
    }

    private static int HandlerActionCount(IServiceProvider provider) =>
        provider.GetRequiredService<IOptionsMonitor<HttpClientFactoryOptions>>().Get(VstsClientOptions.HttpClientName).HttpMessageHandlerBuilderActions.Count;

    private static int CountOf<T>(IServiceCollection services) => services.Count(d => d.ServiceType == typeof(T));

    private static (Type Port, Func<Type, IVstsIssueSyncBuilder> AddType, Func<Func<IServiceProvider, HostStores>, IVstsIssueSyncBuilder> AddFactory) StoreMethods(
        IVstsIssueSyncBuilder builder, string port) => port switch
        {
            nameof(IIntegrationStore) => (typeof(IIntegrationStore),
                type => type == typeof(HostStores) ? builder.AddIntegrationStore<HostStores>() : builder.AddIntegrationStore<OtherHostStores>(),
                factory => builder.AddIntegrationStore(factory)),
            nameof(IExternalProjectStore) => (typeof(IExternalProjectStore),
                type => type == typeof(HostStores) ? builder.AddExternalProjectStore<HostStores>() : builder.AddExternalProjectStore<OtherHostStores>(),
                factory => builder.AddExternalProjectStore(factory)),
            nameof(IGroupStore) => (typeof(IGroupStore),
                type => type == typeof(HostStores) ? builder.AddGroupStore<HostStores>() : builder.AddGroupStore<OtherHostStores>(),
                factory => builder.AddGroupStore(factory)),
            nameof(IAssigneeStore) => (typeof(IAssigneeStore),
                type => type == typeof(HostStores) ? builder.AddAssigneeStore<HostStores>() : builder.AddAssigneeStore<OtherHostStores>(),
                factory => builder.AddAssigneeStore(factory)),
            nameof(ITokenStore) => (typeof(ITokenStore),
                type => type == typeof(HostStores) ? builder.AddTokenStore<HostStores>() : builder.AddTokenStore<OtherHostStores>(),
                factory => builder.AddTokenStore(factory)),
            nameof(IDeliveryDedupeStore) => (typeof(IDeliveryDedupeStore),
                type => type == typeof(HostStores) ? builder.AddDeliveryDedupeStore<HostStores>() : builder.AddDeliveryDedupeStore<OtherHostStores>(),
                factory => builder.AddDeliveryDedupeStore(factory)),
            nameof(ISyncWatermarkStore) => (typeof(ISyncWatermarkStore),
                type => type == typeof(HostStores) ? builder.AddSyncWatermarkStore<HostStores>() : builder.AddSyncWatermarkStore<OtherHostStores>(),
                factory => builder.AddSyncWatermarkStore(factory)),
            nameof(IOwnWriteLedger) => (typeof(IOwnWriteLedger),
                type => type == typeof(HostStores) ? builder.AddOwnWriteLedger<HostStores>() : builder.AddOwnWriteLedger<OtherHostStores>(),
                factory => builder.AddOwnWriteLedger(factory)),
            nameof(IWorkItemDeletionStore) => (typeof(IWorkItemDeletionStore),
                type => type == typeof(HostStores) ? builder.AddWorkItemDeletionStore<HostStores>() : builder.AddWorkItemDeletionStore<OtherHostStores>(),
                factory => builder.AddWorkItemDeletionStore(factory)),
            nameof(ICommentStore) => (typeof(ICommentStore),
                type => type == typeof(HostStores) ? builder.AddCommentStore<HostStores>() : builder.AddCommentStore<OtherHostStores>(),
                factory => builder.AddCommentStore(factory)),
            nameof(IVstsCredentialResolver) => (typeof(IVstsCredentialResolver),
                type => type == typeof(HostStores) ? builder.UseCredentialResolver<HostStores>() : builder.UseCredentialResolver<OtherHostStores>(),
                factory => builder.UseCredentialResolver(factory)),
            _ => throw new ArgumentOutOfRangeException(nameof(port), port, "unknown port"),
        };

    /// <summary>One class implementing every host port; registration tests never call it.</summary>
    private class HostStores : IIntegrationStore, IExternalProjectStore, IGroupStore, IAssigneeStore, ITokenStore, IDeliveryDedupeStore,
        ISyncWatermarkStore, IOwnWriteLedger, IWorkItemDeletionStore, ICommentStore, IVstsCredentialResolver
    {
        public Task WorkItemDeletedAsync(LinkedGroup group, int workItemId, ChangeSource source, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task AddCommentAsync(LinkedGroup group, InboundComment comment, ChangeSource source, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<VstsCredential> ResolveAsync(VstsInstallation installation, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<VstsInstallation?> FindByOrganizationIdAsync(string organizationId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<VstsInstallation?> FindByIntegrationIdAsync(string integrationId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> TrySaveAsync(VstsInstallation installation, long expectedVersion, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<VstsProjectStatusMapping?> GetStatusMappingAsync(string integrationId, string projectId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<LinkedGroup>> FindLinkedGroupsAsync(string integrationId, int workItemId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyDictionary<int, IReadOnlyList<LinkedGroup>>> FindLinkedGroupsAsync(string integrationId, IReadOnlyCollection<int> workItemIds, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task ResolveAsync(LinkedGroup group, ChangeSource source, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task UnresolveAsync(LinkedGroup group, ChangeSource source, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<HostUser?> FindUserByEmailAsync(string hostProjectId, string email, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task AssignAsync(LinkedGroup group, HostUser user, ChangeSource source, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task DeassignAsync(LinkedGroup group, ChangeSource source, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<VstsTokenSet?> GetAsync(string identityId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> TrySaveAsync(string identityId, VstsTokenSet tokens, long expectedVersion, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> TryClaimAsync(string deliveryId, TimeSpan retention, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task ReleaseAsync(string deliveryId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<SyncWatermark>> ReadAsync(string organizationId, int workItemId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<long> TrySaveAsync(string organizationId, int workItemId, SyncWatermark watermark, long expectedVersion, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task RecordAsync(OwnWrite write, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task RemoveAsync(string organizationId, int workItemId, string writeId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<OwnWrite>> FindAsync(string organizationId, int workItemId, int revision, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task RecordOwnCommentAsync(string organizationId, int workItemId, int commentId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> IsOwnCommentAsync(string organizationId, int workItemId, int commentId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task RecordAttemptAsync(OwnWriteAttempt attempt, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<OwnWriteAttempt?> FindAttemptAsync(string organizationId, string key, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task RemoveAttemptAsync(string organizationId, string key, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    private sealed class OtherHostStores : HostStores;
}
