using System.Reflection;
using System.Runtime.InteropServices;

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
