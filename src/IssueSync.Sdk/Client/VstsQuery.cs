using System.Globalization;
using System.Text;

namespace IssueSync.Sdk.Client;

/// <summary>Builds a query string in a fixed order, escaping values (names are SDK constants).</summary>
internal struct VstsQuery
{
    private StringBuilder? _builder;

    public VstsQuery Add(string name, string? value)
    {
        if (value is null)
        {
            return this;
        }

        _builder ??= new StringBuilder();
        _builder.Append(_builder.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        return this;
    }

    public VstsQuery Add(string name, int? value) =>
        value is null ? this : Add(name, value.Value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Adds <c>name=true</c> only when the flag is set (Azure DevOps defaults every flag to false).</summary>
    public VstsQuery AddFlag(string name, bool value) => value ? Add(name, "true") : this;

    public override readonly string ToString() => _builder?.ToString() ?? string.Empty;
}
