using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk.Client;

/// <summary>The <c>User-Agent</c> every request sends: the host's application name, then the SDK and its version.</summary>
internal static class VstsUserAgent
{
    private static readonly string SdkProduct = BuildSdkProduct();

    public static string Build(string? applicationName) =>
        string.IsNullOrEmpty(applicationName) ? SdkProduct : $"{applicationName} {SdkProduct}";

    private static string BuildSdkProduct()
    {
        var assembly = typeof(VstsUserAgent).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            version = version[..plus]; // drop the commit hash SourceLink appends
        }

        var framework = RuntimeInformation.FrameworkDescription.Replace("(", string.Empty, StringComparison.Ordinal).Replace(")", string.Empty, StringComparison.Ordinal).Replace(';', ',');
        return $"IssueSync.Sdk/{version} ({framework}; {RuntimeInformation.OSDescription.Split(' ')[0]})";
    }
}

/// <summary>
/// The <c>User-Agent</c> for the current <see cref="VstsClientOptions"/>: read per request, built
/// again only when the options change (a configuration reload), so a new application name reaches
/// the next request of every client.
/// </summary>
internal sealed class VstsUserAgentSource(IOptionsMonitor<VstsClientOptions> options)
{
    private Built? _built;

    public string Current
    {
        get
        {
            var settings = options.CurrentValue;
            var built = Volatile.Read(ref _built);
            if (built is null || !ReferenceEquals(built.Options, settings))
            {
                built = new Built(settings, VstsUserAgent.Build(settings.ApplicationName));
                Volatile.Write(ref _built, built);
            }

            return built.Value;
        }
    }

    private sealed record Built(VstsClientOptions Options, string Value);
}
