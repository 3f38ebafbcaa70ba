namespace IssueSync.Sdk.Testing.Emulator;

/// <summary>
/// An area or iteration node of a project. The root is named after the project; a work item's
/// <c>System.AreaPath</c> is <c>Project\Web\Checkout</c>, the node's <c>path</c> in the REST API is
/// <c>\Project\Area\Web\Checkout</c> (<c>Iteration</c> for iterations).
/// </summary>
internal sealed class ClassificationNode(int id, string identifier, string name, bool isArea, ClassificationNode? parent)
{
    public int Id { get; } = id;

    public string Identifier { get; } = identifier;

    public string Name { get; } = name;

    public bool IsArea { get; } = isArea;

    public ClassificationNode? Parent { get; } = parent;

    public List<ClassificationNode> Children { get; } = [];

    public DateTimeOffset? StartDate { get; set; }

    public DateTimeOffset? FinishDate { get; set; }

    public string StructureType => IsArea ? "area" : "iteration";

    /// <summary>The names from the root (the project) down to this node.</summary>
    public IReadOnlyList<string> Names
    {
        get
        {
            var names = new List<string>();
            for (var node = this; node is not null; node = node.Parent)
            {
                names.Insert(0, node.Name);
            }

            return names;
        }
    }

    /// <summary>The work item field form: <c>Project\Web\Checkout</c>.</summary>
    public string FieldPath => string.Join('\\', Names);

    /// <summary>The classification form: <c>\Project\Area\Web\Checkout</c>.</summary>
    public string ClassificationPath
    {
        get
        {
            var names = Names;
            return "\\" + names[0] + "\\" + (IsArea ? "Area" : "Iteration") + string.Concat(names.Skip(1).Select(n => "\\" + n));
        }
    }

    /// <summary>The path below the structure group in URLs: <c>Web/Checkout</c>, empty for the root.</summary>
    public string RelativeUrlPath => string.Join('/', Names.Skip(1).Select(Uri.EscapeDataString));

    public ClassificationNode? Child(string name) =>
        Children.Find(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The node at <paramref name="names"/> below this one (empty: this one), or <see langword="null"/>.</summary>
    public ClassificationNode? Find(IEnumerable<string> names)
    {
        var node = this;
        foreach (var name in names)
        {
            node = node.Child(name);
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>The node a field value names (<c>Project\Web</c>, the project name first), or <see langword="null"/>.</summary>
    public ClassificationNode? FindFieldPath(string fieldPath)
    {
        var names = fieldPath.Split('\\');
        return string.Equals(names[0], Name, StringComparison.OrdinalIgnoreCase) ? Find(names.Skip(1)) : null;
    }
}
