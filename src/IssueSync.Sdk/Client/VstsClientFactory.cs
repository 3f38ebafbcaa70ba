using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk.Client;

/// <summary>Creates clients over the named <see cref="HttpClient"/> of <see cref="IHttpClientFactory"/>.</summary>
internal sealed class VstsClientFactory(IHttpClientFactory httpClientFactory, IOptionsMonitor<VstsClientOptions> options, ILoggerFactory loggerFactory) : IVstsClientFactory
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("IssueSync.Sdk.Client");
    private readonly VstsUserAgentSource _userAgent = new(options);

    public IVstsClient CreateClient(VstsConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var httpClient = httpClientFactory.CreateClient(VstsClientOptions.HttpClientName);
        return new VstsClient(new VstsRequestSender(httpClient, connection, _userAgent, _logger));
    }
}
