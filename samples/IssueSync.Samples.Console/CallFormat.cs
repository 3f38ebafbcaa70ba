using IssueSync.Sdk.Testing;

namespace IssueSync.Samples.Console;

/// <summary>How an emulated request is printed: its path, without the api-version, with project ids named.</summary>
internal static class CallFormat
{
    /// <summary>
    /// The path and query of a request as a person reads it: unescaped, <c>api-version</c> dropped
    /// (every call has one), and each project id replaced by <c>{Project 1}</c> (the project's name in
    /// braces) so the output is the same on every run.
    /// </summary>
    public static string Path(string pathAndQuery, EmulatedOrganization organization)
    {
        var queryStart = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var path = queryStart < 0 ? pathAndQuery : pathAndQuery[..queryStart];
        var query = queryStart < 0
            ? []
            : pathAndQuery[(queryStart + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Where(p => !p.StartsWith("api-version=", StringComparison.OrdinalIgnoreCase))
                .ToArray();
        var text = Uri.UnescapeDataString(query.Length == 0 ? path : path + "?" + string.Join('&', query));
        foreach (var project in organization.Projects)
        {
            text = text.Replace(project.Id, "{" + project.Name + "}", StringComparison.OrdinalIgnoreCase);
        }

        return text;
    }
}
