using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;
using IssueSync.Sdk.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IssueSync.Sdk.Client;

/// <summary>
/// Sends the area clients' requests for one connection: adds the headers every Azure DevOps call
/// needs, marks the request for the handlers, classifies the answer and reads the JSON. Transport
/// exceptions never escape; caller cancellation does (as <see cref="OperationCanceledException"/>).
/// </summary>
internal sealed class VstsRequestSender
{
    public const string ContinuationTokenHeader = "x-ms-continuationtoken";

    /// <summary>The <c>Accept</c> header value per pinned api-version (a handful of versions).</summary>
    private static readonly ConcurrentDictionary<string, string> AcceptValues = new(StringComparer.Ordinal);

    private readonly HttpClient _httpClient;
    private readonly VstsUserAgentSource _userAgent;
    private readonly ILogger _logger;

    public VstsRequestSender(HttpClient httpClient, VstsConnection connection, VstsUserAgentSource userAgent, ILogger? logger = null)
    {
        _httpClient = httpClient;
        Connection = connection;
        _userAgent = userAgent;
        _logger = logger ?? NullLogger.Instance;
    }

    public VstsConnection Connection { get; }

    public Uri OrganizationUri(string relative, VstsQuery query = default) => Combine(Connection.OrganizationUrl, relative, query);

    public Uri GraphUri(string relative, VstsQuery query = default) => Combine(Connection.GraphUrl, relative, query);

    public Uri SearchUri(string relative, VstsQuery query = default) => Combine(Connection.SearchUrl, relative, query);

    /// <summary>
    /// The base (normalized to end in '/') followed by the relative path and query. Parsing the
    /// joined text gives the same URI as resolving against the base, with fewer temporary objects.
    /// </summary>
    private static Uri Combine(Uri baseUrl, string relative, VstsQuery query) =>
        new(string.Concat(baseUrl.AbsoluteUri, relative, query.ToString()));

    /// <summary>Sends the request and reads the JSON body as <typeparamref name="T"/>.</summary>
    public Task<T> SendAsync<T>(VstsRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken) =>
        RunAsync(
            request,
            typeInfo,
            static (response, request, typeInfo, ct) => VstsResponseClassifier.ReadJsonAsync(response, typeInfo, request.Operation, ct),
            cancellationToken);

    /// <summary>Sends the request and only checks that it succeeded.</summary>
    public Task SendAsync(VstsRequest request, CancellationToken cancellationToken) =>
        RunAsync<object?, bool>(
            request,
            null,
            static async (response, request, _, ct) =>
            {
                await VstsResponseClassifier.EnsureSuccessAsync(response, request.Operation, ct).ConfigureAwait(false);
                return true;
            },
            cancellationToken);

    /// <summary>Sends the request and returns the body with the continuation token header.</summary>
    public Task<(T Body, string? ContinuationToken)> SendWithContinuationAsync<T>(VstsRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken) =>
        RunAsync(
            request,
            typeInfo,
            static async (response, request, typeInfo, ct) =>
            {
                var body = await VstsResponseClassifier.ReadJsonAsync(response, typeInfo, request.Operation, ct).ConfigureAwait(false);
                var token = response.Headers.TryGetValues(ContinuationTokenHeader, out var values) ? values.FirstOrDefault() : null;
                return (body, string.IsNullOrEmpty(token) ? null : token);
            },
            cancellationToken);

    /// <summary>
    /// Follows continuation tokens until there are none, yielding items as pages arrive.
    /// <paramref name="fetchPage"/> gets the previous page's token (<see langword="null"/> first).
    /// A token that repeats is a server fault, reported instead of looping forever.
    /// </summary>
    public static async IAsyncEnumerable<T> PageAsync<T>(
        Func<string?, CancellationToken, Task<VstsPage<T>>> fetchPage,
        string operation,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            var page = await fetchPage(token, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Items)
            {
                yield return item;
            }

            token = page.ContinuationToken;
            if (token is not null && !seen.Add(token))
            {
                throw new VstsApiException(
                    $"Azure DevOps returned the same continuation token twice while paging {operation}; stopped instead of looping.",
                    VstsErrorKind.InvalidResponse,
                    operation: operation);
            }
        }
        while (token is not null);
    }

    /// <summary>
    /// Runs a public operation of several requests in one span, duration and failure log line;
    /// its requests must be marked <see cref="VstsRequest.InOperation"/>.
    /// </summary>
    public Task<T> RunOperationAsync<T>(string operation, int? workItemId, Func<Task<T>> call) =>
        VstsOperationScope.RunAsync(operation, Connection.OrganizationUrl, workItemId, _logger, call);

    /// <summary>
    /// Runs a public operation that yields items from several requests (all pages of a list) in one
    /// span, duration and failure log line; its requests must be marked <see cref="VstsRequest.InOperation"/>.
    /// </summary>
    public IAsyncEnumerable<T> RunOperationAsync<T>(string operation, int? workItemId, Func<CancellationToken, IAsyncEnumerable<T>> sequence, CancellationToken cancellationToken) =>
        VstsOperationScope.RunAsync(operation, Connection, workItemId, _logger, sequence, cancellationToken);

    /// <summary>
    /// Sends <paramref name="request"/> and hands the answer to <paramref name="read"/>, inside one
    /// operation span with its duration metric and failure log line.
    /// </summary>
    private async Task<TResult> RunAsync<TState, TResult>(
        VstsRequest request,
        TState state,
        Func<HttpResponseMessage, VstsRequest, TState, CancellationToken, Task<TResult>> read,
        CancellationToken cancellationToken)
    {
        // A change learns from the retry layer whether an earlier attempt may have landed.
        if (request.ChangesState && request.AttemptState is null)
        {
            request = request with { AttemptState = new VstsAttemptState() };
        }

        // A request that is the whole operation traces it; one of several runs in its operation's scope.
        var scope = request.InOperation ? default : VstsOperationScope.Start(request.Operation, Connection, request.WorkItemId, request.Uri);
        try
        {
            using var message = CreateMessage(request, _userAgent.Current);
            message.Options.Set(VstsRequestOptions.Connection, Connection);
            HttpResponseMessage? response = null;
            TResult result;
            try
            {
                // Sent and read in this one frame (not through SendMessageAsync): one async state
                // machine less per request. A failure with no HTTP answer, or while the body is
                // read, becomes a VstsApiException (Network or Timeout) as there.
                response = await _httpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                result = await read(response, request, state, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
            {
                throw VstsResponseClassifier.FromTransportFailure(ex, request.Operation, timedOut: ex is OperationCanceledException);
            }
            finally
            {
                response?.Dispose();
            }

            scope.Succeeded((int)response.StatusCode);
            return result;
        }
        catch (VstsApiException ex)
        {
            if (request.ChangesState && request.AttemptState!.MayHaveLanded(ex))
            {
                ex.IsOutcomeUnknown = true;
            }

            scope.Failed(ex, _logger);
            throw;
        }
        catch (OperationCanceledException)
        {
            scope.Canceled();
            throw;
        }
    }

    /// <summary>
    /// The message every Azure DevOps call starts from: the pinned api-version, the sign-in redirect
    /// suppressed, the SDK's User-Agent and the marks the handlers read. The one place these are set.
    /// </summary>
    internal static HttpRequestMessage CreateMessage(VstsRequest request, string userAgent)
    {
        var message = new HttpRequestMessage(request.Method, request.Uri) { Content = request.Content };
        var headers = message.Headers;
        // Raw text, built once per api-version: a parsed media type costs five objects per request.
        headers.TryAddWithoutValidation("Accept", AcceptValues.GetOrAdd(request.ApiVersion, static version => "application/json; api-version=" + version));
        // Makes Azure DevOps answer 401 instead of redirecting to an HTML sign-in page.
        headers.TryAddWithoutValidation("X-TFS-FedAuthRedirect", "Suppress");
        headers.TryAddWithoutValidation("User-Agent", userAgent);
        message.Options.Set(VstsRequestOptions.Operation, request.Operation);
        VstsRequestOptions.SetFlag(message.Options, VstsRequestOptions.IsIdempotent, request.IsIdempotent);
        if (request.AttemptState is { } attemptState)
        {
            message.Options.Set(VstsRequestOptions.AttemptState, attemptState);
        }

        return message;
    }

    /// <summary>Sends through the pipeline; a failure with no HTTP answer becomes a <see cref="VstsApiException"/> (Network or Timeout).</summary>
    internal static async Task<HttpResponseMessage> SendMessageAsync(HttpClient httpClient, HttpRequestMessage message, string operation, CancellationToken cancellationToken)
    {
        try
        {
            return await httpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (VstsApiException)
        {
            throw;
        }
        catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
        {
            // A cancellation the caller did not ask for is HttpClient's timeout.
            throw VstsResponseClassifier.FromTransportFailure(ex, operation, timedOut: ex is OperationCanceledException);
        }
    }

    private static bool IsTransportFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException or IOException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);
}
