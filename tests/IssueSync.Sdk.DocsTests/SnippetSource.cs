using System.Text;
using System.Text.RegularExpressions;

namespace IssueSync.Sdk.DocsTests;

/// <summary>
/// The repository's Markdown and the <c>#region snippet:name</c> regions of this project's sources. A
/// ```csharp block marked <c>&lt;!-- snippet: name --&gt;</c> on the line before it is the region of that name
/// (several names: the regions joined by one blank line), dedented.
/// </summary>
internal static partial class SnippetSource
{
    /// <summary>The repository root (the folder that holds IssueSync.Sdk.sln).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Every documented C# region of this project's sources, by name.</summary>
    public static IReadOnlyDictionary<string, string> Regions { get; } = ReadRegions();

    /// <summary>The Markdown files whose C# blocks are compiled here: the README and every package README.</summary>
    public static IEnumerable<string> Documents() =>
        new[] { Path.Combine(Root, "README.md") }.Concat(Directory.GetFiles(Path.Combine(Root, "src"), "README.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal));

    /// <summary>A fenced block: its language, the snippet names marked before it (none when unmarked), its text and line.</summary>
    public sealed record Block(string Document, int Line, string Language, IReadOnlyList<string> Names, string Text);

    public static IReadOnlyList<Block> Blocks(string document)
    {
        var lines = File.ReadAllText(document).ReplaceLineEndings("\n").Split('\n');
        var blocks = new List<Block>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            var language = lines[i][3..].Trim();
            var start = i;
            var body = new StringBuilder();
            for (i++; i < lines.Length && !lines[i].StartsWith("```", StringComparison.Ordinal); i++)
            {
                body.Append(lines[i]).Append('\n');
            }

            var marker = start > 0 ? MarkerPattern().Match(lines[start - 1]) : Match.Empty;
            var names = marker.Success ? marker.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
            blocks.Add(new Block(Path.GetRelativePath(Root, document), start + 1, language, names, body.ToString().TrimEnd('\n')));
        }

        return blocks;
    }

    /// <summary>What a block marked with these names must read.</summary>
    public static string Expected(IEnumerable<string> names) =>
        string.Join("\n\n", names.Select(name => Regions.TryGetValue(name, out var region)
            ? region
            : throw new KeyNotFoundException($"No '#region snippet:{name}' in tests/IssueSync.Sdk.DocsTests.")));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "IssueSync.Sdk.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("IssueSync.Sdk.sln not found above " + AppContext.BaseDirectory);
    }

    private static Dictionary<string, string> ReadRegions()
    {
        var regions = new Dictionary<string, string>(StringComparer.Ordinal);
        var project = Path.Combine(Root, "tests", "IssueSync.Sdk.DocsTests");
        foreach (var file in Directory.GetFiles(project, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            var lines = File.ReadAllText(file).ReplaceLineEndings("\n").Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var open = RegionPattern().Match(lines[i]);
                if (!open.Success)
                {
                    continue;
                }

                var body = new List<string>();
                for (i++; i < lines.Length && lines[i].Trim() != "#endregion"; i++)
                {
                    body.Add(lines[i]);
                }

                if (!regions.TryAdd(open.Groups[1].Value, Dedent(body)))
                {
                    throw new InvalidOperationException($"Two regions named snippet:{open.Groups[1].Value}.");
                }
            }
        }

        return regions;
    }

    private static string Dedent(List<string> lines)
    {
        var indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart(' ').Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", lines.Select(l => l.Length >= indent ? l[indent..].TrimEnd() : l.TrimEnd())).Trim('\n');
    }

    [GeneratedRegex(@"^\s*#region snippet:([A-Za-z0-9_.-]+)\s*$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^<!--\s*snippet:\s*([A-Za-z0-9_. -]+?)\s*-->\s*$")]
    private static partial Regex MarkerPattern();
}
