using System.Net;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.DependencyInjection;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Diagnostics;
using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.Reconciliation;
using IssueSync.Sdk.Repositories;
using IssueSync.Sdk.Resilience;
using IssueSync.Sdk.Subscriptions;
using IssueSync.Sdk.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk;

/// <summary>Registers the SDK in a service collection.</summary>
public static class VstsIssueSyncServiceCollectionExtensions
{
    /// <summary>
    /// Registers the SDK with options set in code. Calling it again adds no second handler or
    /// service; the new configuration action is applied after the earlier ones.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder to plug in the host's stores.</returns>
    public static IVstsIssueSyncBuilder AddVstsIssueSync(this IServiceCollection services, Action<VstsIssueSyncOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var builder = AddCore(services);
        services.Configure(configure);
        return builder;
    }

    /// <summary>
    /// Registers the SDK with options bound from the configuration section <c>IssueSync:Vsts</c>
    /// (<see cref="VstsIssueSyncOptions.SectionName"/>) of <paramref name="configuration"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The host's configuration root.</param>
    /// <returns>A builder to plug in the host's stores.</returns>
    public static IVstsIssueSyncBuilder AddVstsIssueSync(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = AddCore(services);
        services.AddOptions<VstsIssueSyncOptions>().Bind(configuration.GetSection(VstsIssueSyncOptions.SectionName));
        return builder;
    }

    private static VstsIssueSyncBuilder AddCore(IServiceCollection services)
    {
        // A second call reuses the first call's client builder: calling AddHttpClient again would
        // add descriptors of its own (its metrics registration is not idempotent).
        var marker = services.FirstOrDefault(d => d.ServiceType == typeof(VstsIssueSyncMarker))?.ImplementationInstance as VstsIssueSyncMarker;
        if (marker is not null)
        {
            return new VstsIssueSyncBuilder(services, marker.HttpClientBuilder);
        }

        var httpClientBuilder = services.AddHttpClient(VstsClientOptions.HttpClientName);
        var builder = new VstsIssueSyncBuilder(services, httpClientBuilder);
        services.AddSingleton(new VstsIssueSyncMarker(httpClientBuilder));
        services.AddOptions<VstsIssueSyncOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VstsIssueSyncOptions>, VstsIssueSyncOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        // The SDK's own sync state: one process by default; a host with several instances registers shared stores.
        services.TryAddSingleton<IDeliveryDedupeStore>(static sp => new InMemoryDeliveryDedupeStore(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ISyncWatermarkStore>(static sp => new InMemorySyncWatermarkStore(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IOwnWriteLedger>(static sp => new InMemoryOwnWriteLedger(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ISyncLeaseStore>(static sp => new InMemorySyncLeaseStore(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IReconciliationStateStore>(static sp => new InMemoryReconciliationStateStore(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IVstsClientFactory, VstsClientFactory>();
        services.TryAddSingleton(CreateDefaultClient);
        // Each component reads its own options type, produced from the root options (see VstsSubOptions).
        VstsSubOptions.Add(services, static o => new VstsClientOptions { ApplicationName = o.ApplicationName });
        VstsSubOptions.Add(services, static o => new VstsAuthOptions
        {
            OrganizationUrl = o.OrganizationUrl,
            PersonalAccessToken = o.PersonalAccessToken,
            TokenRefreshSkew = o.TokenRefreshSkew,
        });
        VstsSubOptions.Add(services, static o => o.OAuth);
        VstsSubOptions.Add(services, static o => o.Resilience);
        VstsSubOptions.Add(services, static o => new SyncRuleOptions { DoneStateCategories = o.DoneStateCategories });
        VstsSubOptions.Add(services, static o => o.Outbound);
        VstsSubOptions.Add(services, static o => o.Webhook);
        VstsSubOptions.Add(services, static o => o.Reconciliation);
        VstsSubOptions.Add(services, static o => o.Repositories);
        VstsSubOptions.Add(services, static o => new VstsSubscriptionOptions { SecretHeaderName = o.Webhook.SecretHeaderName });
        services.TryAddSingleton<IVstsCredentialResolver>(static sp =>
            new VstsCredentialResolver(sp.GetRequiredService<IOptionsMonitor<VstsAuthOptions>>(), sp.GetService<ITokenStore>()));
        SyncRegistrations.Add(services);
        services.TryAddSingleton<IssueSyncServices>();
        // The integration store is optional here: only saving create-form defaults needs it.
        services.TryAddSingleton<IIssueIntegrationFactory>(static sp => new IssueIntegrationFactory(
            sp.GetRequiredService<InstallationConnector>(),
            sp.GetService<IIntegrationStore>(),
            sp.GetRequiredService<IssueSyncServices>(),
            sp.GetRequiredService<ResolveDecision>(),
            sp.GetRequiredService<OwnWriteTracker>(),
            sp.GetService<IExternalProjectStore>()));
        services.TryAddSingleton<IRepositoryProviderFactory>(static sp => new RepositoryProviderFactory(
            sp.GetRequiredService<InstallationConnector>(),
            sp.GetRequiredService<IOptionsMonitor<VstsRepositoryOptions>>()));
        // Subscribes to one event type per registered port; the integration store is needed only when called.
        services.TryAddSingleton<IVstsSubscriptionManager>(static sp => VstsServiceFactories.CreateSubscriptionManager(sp));
        // Needs the host's installation and group stores; resolving it without them says which call is missing.
        services.TryAddSingleton<IInboundSyncHandler>(static sp => VstsServiceFactories.CreateInboundSyncHandler(sp));
        // Needs the host's group store; per installation through ReconcileAsync(installation), like the issue integration factory.
        services.TryAddSingleton<IVstsReconciler>(static sp => VstsServiceFactories.CreateReconciler(sp));
        services.TryAddTransient<VstsAuthenticationHandler>();
        services.TryAddSingleton<VstsTokenProvider>();
        services.TryAddSingleton<IVstsTokenHealth>(static sp => sp.GetRequiredService<VstsTokenProvider>());
        services.TryAddSingleton(static sp => VstsServiceFactories.CreateOAuthTokenRefresher(sp));
        services.TryAddSingleton<IVstsAccountClient, VstsAccountClient>();

        // Token endpoint calls: no authentication handler, no redirects (a redirect is never a token).
        services.AddHttpClient(VstsOAuthOptions.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            // The request body carries the refresh token and client secret: no default request logging.
            .RemoveAllLoggers();
        services.TryAddSingleton<VstsRateLimiter>();
        services.TryAddSingleton<IVstsRateLimitMonitor>(static sp => sp.GetRequiredService<VstsRateLimiter>());
        services.TryAddTransient<VstsAttemptHandler>();

        httpClientBuilder
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler
            {
                // A redirect from Azure DevOps is its sign-in page: never follow it (and never
                // carry credentials to another host); the classifier reports it as Unauthorized.
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(30),
                UseCookies = false,
            })
            // Connections are recycled by PooledConnectionLifetime, so the handler can live forever.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // The factory's default logging handlers put every raw header value, Authorization
            // included, in the structured state of their Trace lines (only the message text is
            // redacted), where structured sinks store it. The SDK logs its own allow-listed lines
            // instead; a host that re-adds them with AddDefaultLogger() still gets redacted text.
            .RemoveAllLoggers()
            .RedactLoggedHeaders(VstsLoggedHeaders.ShouldRedact);
        // Retry and timeouts first (outermost), replaceable through IVstsIssueSyncBuilder.UseResilience.
        VstsServiceFactories.AddRetryPolicy(httpClientBuilder);
        // Once per attempt: waits while Azure DevOps asks this organization to slow down.
        httpClientBuilder.AddHttpMessageHandler<VstsAttemptHandler>();
        // Innermost custom handler: runs once per attempt, so each attempt gets a current credential.
        httpClientBuilder.AddHttpMessageHandler<VstsAuthenticationHandler>();

        return builder;
    }

    /// <summary>The client of the default organization, for single-organization hosts.</summary>
    private static IVstsClient CreateDefaultClient(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<VstsIssueSyncOptions>>().Value;
        const string prefix = VstsIssueSyncOptions.SectionName + ":";
        if (options.OrganizationUrl is null || options.PersonalAccessToken is null)
        {
            throw new InvalidOperationException(
                $"Resolving IVstsClient directly needs {prefix}{nameof(VstsIssueSyncOptions.OrganizationUrl)} and {prefix}{nameof(VstsIssueSyncOptions.PersonalAccessToken)}. "
                + "Hosts with several organizations or other credentials use IVstsClientFactory.CreateClient(new VstsConnection(...)).");
        }

        var connection = new VstsConnection(new Uri(options.OrganizationUrl), VstsCredential.PersonalAccessToken(options.PersonalAccessToken));
        return services.GetRequiredService<IVstsClientFactory>().CreateClient(connection);
    }

    /// <summary>Present once the SDK is registered; makes a second registration add nothing.</summary>
    private sealed class VstsIssueSyncMarker(IHttpClientBuilder httpClientBuilder)
    {
        public IHttpClientBuilder HttpClientBuilder { get; } = httpClientBuilder;
    }
}
