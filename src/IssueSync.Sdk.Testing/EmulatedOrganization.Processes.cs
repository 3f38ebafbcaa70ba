using System.Security.Cryptography;
using System.Text;
using IssueSync.Sdk.Testing.Emulator;

namespace IssueSync.Sdk.Testing;

/// <summary>Projects' processes and their area and iteration trees.</summary>
public sealed partial class EmulatedOrganization
{
    private static readonly DateTimeOffset FirstSprintStart = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, (ClassificationNode Areas, ClassificationNode Iterations)> _classification = new(StringComparer.OrdinalIgnoreCase);
    private int _lastNodeId;

    /// <summary>
    /// Adds a project with a chosen process. Like every project it gets seeded areas (<c>Web</c>,
    /// <c>Web\Checkout</c>, <c>Mobile Apps</c>) and iterations (<c>Sprint 1</c>, <c>Sprint 2</c>,
    /// <c>Release 1\Sprint 3</c>, two weeks each from 2026-01-05); add more with <see cref="AddAreaPath"/>
    /// and <see cref="AddIterationPath"/>.
    /// </summary>
    /// <param name="name">The name (unique, ignoring case).</param>
    /// <param name="process">The process: its work item types, states, categories and field rules.</param>
    /// <param name="description">The description.</param>
    /// <returns>The project.</returns>
    /// <exception cref="ArgumentException">A project of that name exists, or <paramref name="process"/> is not defined.</exception>
    public EmulatedProject AddProject(string name, VstsEmulatedProcess process, string? description = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!Enum.IsDefined(process))
        {
            throw new ArgumentException($"'{process}' is not a process the emulator knows.", nameof(process));
        }

        lock (_gate)
        {
            if (_projects.Exists(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ArgumentException($"A project named '{name}' already exists.", nameof(name));
            }

            var project = new EmulatedProject(Guid.NewGuid().ToString("D"), name, description) { Process = process };
            _projects.Add(project);
            var areas = NewNode(project, name, isArea: true, parent: null);
            var iterations = NewNode(project, name, isArea: false, parent: null);
            _classification[project.Id] = (areas, iterations);
            AddNodeLocked(areas, ["Web"]);
            AddNodeLocked(areas, ["Web", "Checkout"]);
            AddNodeLocked(areas, ["Mobile Apps"]);
            for (var i = 0; i < 3; i++)
            {
                var sprint = AddNodeLocked(iterations, i < 2 ? [$"Sprint {i + 1}"] : ["Release 1", "Sprint 3"]);
                sprint.StartDate = FirstSprintStart.AddDays(14 * i);
                sprint.FinishDate = sprint.StartDate.Value.AddDays(11);
            }

            return project;
        }
    }

    /// <summary>Adds an area (and any missing parents) to a project; adding one that exists changes nothing.</summary>
    /// <param name="project">The project name or id.</param>
    /// <param name="path">The path below the project, names separated by <c>\</c>, e.g. <c>Web\Payments</c>.</param>
    /// <returns>The area path as work items carry it in <c>System.AreaPath</c>, e.g. <c>Project 1\Web\Payments</c>.</returns>
    /// <exception cref="InvalidOperationException">The project does not exist.</exception>
    /// <exception cref="ArgumentException">The path is empty or has an empty name.</exception>
    public string AddAreaPath(string project, string path) => AddClassificationPath(project, path, isArea: true, null, null);

    /// <summary>Adds an iteration (and any missing parents, without dates) to a project; for one that exists, sets the dates given.</summary>
    /// <param name="project">The project name or id.</param>
    /// <param name="path">The path below the project, names separated by <c>\</c>, e.g. <c>Release 2\Sprint 4</c>.</param>
    /// <param name="startDate">The iteration's start date (<c>attributes.startDate</c>), if any.</param>
    /// <param name="finishDate">The iteration's finish date (<c>attributes.finishDate</c>), if any.</param>
    /// <returns>The iteration path as work items carry it in <c>System.IterationPath</c>, e.g. <c>Project 1\Release 2\Sprint 4</c>.</returns>
    /// <exception cref="InvalidOperationException">The project does not exist.</exception>
    /// <exception cref="ArgumentException">The path is empty or has an empty name.</exception>
    public string AddIterationPath(string project, string path, DateTimeOffset? startDate = null, DateTimeOffset? finishDate = null) =>
        AddClassificationPath(project, path, isArea: false, startDate, finishDate);

    internal static ProcessDefinition ProcessOf(EmulatedProject project) => ProcessTemplate.For(project.Process);

    /// <summary>The root area or iteration node of a project (name or id), or the 404 Azure DevOps answers for an unknown project.</summary>
    internal ClassificationNode ClassificationRoot(string project, bool isArea)
    {
        lock (_gate)
        {
            var roots = _classification[FindProjectLocked(project).Id];
            return isArea ? roots.Areas : roots.Iterations;
        }
    }

    /// <summary>Reads the tree under the organization's lock (nodes change when a test adds some).</summary>
    internal T ReadClassification<T>(Func<T> read)
    {
        lock (_gate)
        {
            return read();
        }
    }

    private bool IsKnownTreePath(EmulatedProject project, bool isArea, string fieldPath)
    {
        var roots = _classification[project.Id];
        return (isArea ? roots.Areas : roots.Iterations).FindFieldPath(fieldPath) is not null;
    }

    private string AddClassificationPath(string project, string path, bool isArea, DateTimeOffset? startDate, DateTimeOffset? finishDate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(project);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var names = path.Trim('\\').Split('\\').Select(n => n.Trim()).ToArray();
        if (Array.Exists(names, n => n.Length == 0))
        {
            throw new ArgumentException($"The path '{path}' has an empty name.", nameof(path));
        }

        return AsTestAction(() =>
        {
            lock (_gate)
            {
                var roots = _classification[FindProjectLocked(project).Id];
                var node = AddNodeLocked(isArea ? roots.Areas : roots.Iterations, names);
                node.StartDate = startDate ?? node.StartDate;
                node.FinishDate = finishDate ?? node.FinishDate;
                return node.FieldPath;
            }
        });
    }

    private ClassificationNode AddNodeLocked(ClassificationNode root, IReadOnlyList<string> names)
    {
        var node = root;
        foreach (var name in names)
        {
            var child = node.Child(name);
            if (child is null)
            {
                child = NewNode(null, name, root.IsArea, node);
                node.Children.Add(child);
            }

            node = child;
        }

        return node;
    }

    private ClassificationNode NewNode(EmulatedProject? project, string name, bool isArea, ClassificationNode? parent)
    {
        var id = ++_lastNodeId;
        var seed = $"{Id}/{project?.Id ?? parent!.Identifier}/{(isArea ? "area" : "iteration")}/{name}/{id}";
        var identifier = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(seed)).AsSpan(0, 16)).ToString("D");
        return new ClassificationNode(id, identifier, name, isArea, parent);
    }
}
