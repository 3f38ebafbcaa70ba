using System.Reflection;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.AspNetCore;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Testing;

namespace IssueSync.Sdk.Tests.Conventions;

/// <summary>
/// Reads the compiled SDK and holds every type to the allowed-reference table of ARCHITECTURE.md
/// (<see cref="LayeringTable"/>): each test lists every reference that breaks its rule, one line each.
/// </summary>
public sealed class LayeringTests
{
    private static readonly Assembly Sdk = typeof(VstsApiException).Assembly;

    /// <summary>The packages built on the core: they may reference all of it, never the reverse.</summary>
    private static readonly Assembly[] PackagesAbove = [typeof(VstsSubscriptionMonitorOptions).Assembly, typeof(VstsEmulator).Assembly];

    private static readonly Lazy<IReadOnlyList<(LayeringRule Rule, string Line)>> Violations = new(FindViolations);

    [Fact]
    public void Every_namespace_of_the_sdk_is_in_the_layering_table() => AssertNone(LayeringRule.NamespaceNotInTable);

    [Fact]
    public void No_type_references_an_area_on_a_floor_above_its_own() => AssertNone(LayeringRule.FloorAbove);

    [Fact]
    public void Issues_Inbound_Subscriptions_Reconciliation_and_Repositories_never_reference_each_other() => AssertNone(LayeringRule.Floor3Sibling);

    [Fact]
    public void Client_Patch_Auth_Resilience_and_Diagnostics_use_no_host_port() => AssertNone(LayeringRule.HostPortBelowSync);

    [Fact]
    public void Nothing_below_floor_4_references_the_service_provider() => AssertNone(LayeringRule.ServiceProvider);

    [Fact]
    public void The_core_references_neither_the_AspNetCore_nor_the_Testing_package()
    {
        var referenced = Sdk.GetReferencedAssemblies().Select(static name => name.Name).ToHashSet();

        Assert.DoesNotContain(referenced, name => PackagesAbove.Any(package => package.GetName().Name == name));
        AssertNone(LayeringRule.PackageAbove);
    }

    [Fact]
    public void The_scan_sees_the_references_the_table_allows()
    {
        // Guards the rules above against silently reading nothing: these references exist and are allowed.
        var outbound = ReferencesFrom(area => area.Name == "Issues");
        var inbound = ReferencesFrom(area => area.Name == "Inbound");
        var wiring = ReferencesFrom(area => area.Floor == LayeringTable.Wiring);

        Assert.Contains(outbound, reference => reference.Target == typeof(IVstsClient));
        Assert.Contains(inbound, reference => reference.Target == typeof(IGroupStore));
        Assert.Contains(wiring, reference => reference.Target == typeof(IServiceProvider));
        Assert.Null(LayeringTable.Judge("IssueSync.Sdk.Issues", typeof(IVstsClient)));
        Assert.Null(LayeringTable.Judge("IssueSync.Sdk.Inbound", typeof(IGroupStore)));
        Assert.Null(LayeringTable.Judge(LayeringTable.Root, typeof(IServiceProvider)));
    }

    private static void AssertNone(LayeringRule rule)
    {
        var lines = Violations.Value.Where(violation => violation.Rule == rule).Select(static violation => violation.Line).ToList();
        if (lines.Count > 0)
        {
            Assert.Fail($"{lines.Count} reference(s) break the layering table of ARCHITECTURE.md ({rule}):{Environment.NewLine}{string.Join(Environment.NewLine, lines)}");
        }
    }

    private static List<(LayeringRule Rule, string Line)> FindViolations()
    {
        var violations = new List<(LayeringRule Rule, string Line)>();

        foreach (var types in Sdk.GetTypes().Where(static type => !type.IsNested && !IsSupportCode(type)).GroupBy(static type => type.Namespace ?? "(global namespace)"))
        {
            var examples = string.Join(", ", types.Select(static type => type.Name).Order(StringComparer.Ordinal).Take(3));
            if (!LayeringTable.IsSdkNamespace(types.Key))
            {
                violations.Add((LayeringRule.NamespaceNotInTable, $"{types.Key} ({examples}) is outside IssueSync.Sdk: move its types into an area of the layering table"));
            }
            else if (LayeringTable.AreaOf(types.Key) is null)
            {
                violations.Add((LayeringRule.NamespaceNotInTable, $"{types.Key} ({examples}) is not in the layering table: add it to the table (ARCHITECTURE.md and {nameof(LayeringTable)})"));
            }
        }

        var found = new SortedDictionary<(LayeringRule Rule, string Owner, string Area, string Target, string Why), SortedSet<string>>();
        foreach (var type in Sdk.GetTypes().Where(static type => !IsSupportCode(type)))
        {
            if (type.Namespace is not { } ns || !LayeringTable.IsSdkNamespace(ns) || LayeringTable.AreaOf(ns) is not { } area)
            {
                continue;
            }

            foreach (var reference in SeenFrom(type))
            {
                var violation = PackagesAbove.Contains(reference.Target.Assembly)
                    ? new LayeringViolation(LayeringRule.PackageAbove, $"package {reference.Target.Assembly.GetName().Name}")
                    : LayeringTable.Judge(ns, reference.Target);
                if (violation is not null)
                {
                    var key = (violation.Rule, reference.Owner.FullName!, area.ToString(), reference.Target.FullName!, violation.Why);
                    if (!found.TryGetValue(key, out var members))
                    {
                        found[key] = members = new SortedSet<string>(StringComparer.Ordinal);
                    }

                    members.Add(reference.Member);
                }
            }
        }

        violations.AddRange(found.Select(static pair =>
            (pair.Key.Rule, $"{pair.Key.Owner} ({pair.Key.Area}) references {pair.Key.Target} ({pair.Key.Why}) in {string.Join(", ", pair.Value)}")));
        return violations;
    }

    private static List<TypeReference> ReferencesFrom(Func<LayerArea, bool> areas) => Sdk.GetTypes()
        .Where(type => !IsSupportCode(type) && LayeringTable.IsSdkNamespace(type.Namespace) && LayeringTable.AreaOf(type.Namespace!) is { } area && areas(area))
        .SelectMany(SeenFrom)
        .ToList();

    /// <summary>
    /// The references a type makes, with the compiler's and source generators' support code it uses
    /// (<c>&lt;PrivateImplementationDetails&gt;</c>, the configuration binder, regex runners) read as part of it.
    /// </summary>
    private static IEnumerable<TypeReference> SeenFrom(Type type)
    {
        var visited = new HashSet<Type>();
        return ReferenceScanner.ReferencesOf(type).SelectMany(reference => Inline(reference, visited));
    }

    private static IEnumerable<TypeReference> Inline(TypeReference reference, HashSet<Type> visited)
    {
        if (!IsSupportCode(reference.Target))
        {
            return [reference];
        }

        if (!visited.Add(reference.Target))
        {
            return [];
        }

        var via = $"{reference.Member} via generated {GeneratedName(reference.Target)}";
        return ReferenceScanner.ReferencesOfTypeAndNested(reference.Target)
            .SelectMany(inner => Inline(reference with { Member = via, Target = inner.Target }, visited))
            .ToList();
    }

    /// <summary>
    /// Code the compiler or a source generator put outside the SDK's namespaces (at the global namespace,
    /// in <c>System.Text.RegularExpressions.Generated</c>, ...): it belongs to the types that use it.
    /// </summary>
    private static bool IsSupportCode(Type type)
    {
        var outermost = type;
        while (outermost.DeclaringType is { } declaring)
        {
            outermost = declaring;
        }

        return outermost.Assembly == Sdk && !LayeringTable.IsSdkNamespace(outermost.Namespace) && ReferenceScanner.IsGenerated(outermost);
    }

    /// <summary><c>&lt;RegexGenerator_g&gt;F0A1B2__Utilities</c>: Utilities.</summary>
    private static string GeneratedName(Type type) =>
        type.Name.StartsWith('<') && type.Name.LastIndexOf("__", StringComparison.Ordinal) is var cut and > 0 ? type.Name[(cut + 2)..] : type.Name;
}
