using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.Tests.Conventions;

/// <summary>An area of the SDK (a namespace and its sub-namespaces) on its floor of the layering table.</summary>
internal sealed record LayerArea(string Name, int Floor)
{
    public override string ToString() => $"floor {Floor} {Name}";
}

/// <summary>The rule a reference breaks.</summary>
internal enum LayeringRule
{
    /// <summary>A namespace of the SDK that the table does not list.</summary>
    NamespaceNotInTable,

    /// <summary>A reference to an area on a higher floor.</summary>
    FloorAbove,

    /// <summary>Issues, Inbound, Subscriptions, Reconciliation and Repositories never reference each other.</summary>
    Floor3Sibling,

    /// <summary>Floor 1 uses floor 0's value types only, not the ports (<c>Auth</c> may use <see cref="ITokenStore"/> and <see cref="ISyncLeaseStore"/>).</summary>
    HostPortBelowSync,

    /// <summary>Nothing below floor 4 references the service provider.</summary>
    ServiceProvider,

    /// <summary>The core package never references the packages built on it.</summary>
    PackageAbove,
}

/// <summary>A reference the table does not allow, and why.</summary>
internal sealed record LayeringViolation(LayeringRule Rule, string Why);

/// <summary>
/// The allowed-reference table of ARCHITECTURE.md ("Layers"), as code: which floor each namespace of the
/// SDK is on and what a type on that floor may reference.
/// </summary>
internal static class LayeringTable
{
    public const string Root = "IssueSync.Sdk";

    public const int Wiring = 4;

    /// <summary>
    /// Every area by its namespace. A sub-namespace belongs to its parent area unless listed itself; the root
    /// area is the root namespace alone, so a new <c>IssueSync.Sdk.X</c> must be added here.
    /// </summary>
    private static readonly Dictionary<string, LayerArea> Areas = new(StringComparer.Ordinal)
    {
        [$"{Root}.Abstractions"] = new("Abstractions", 0),
        [$"{Root}.Client"] = new("Client", 1),
        [$"{Root}.Client.Models"] = new("Client.Models", 1),
        [$"{Root}.Patch"] = new("Patch", 1),
        [$"{Root}.Auth"] = new("Auth", 1),
        [$"{Root}.Resilience"] = new("Resilience", 1),
        [$"{Root}.Diagnostics"] = new("Diagnostics", 1),
        [$"{Root}.Sync"] = new("Sync", 2),
        [$"{Root}.Issues"] = new("Issues", 3),
        [$"{Root}.Inbound"] = new("Inbound", 3),
        [$"{Root}.Subscriptions"] = new("Subscriptions", 3),
        [$"{Root}.Reconciliation"] = new("Reconciliation", 3),
        [$"{Root}.Repositories"] = new("Repositories", 3),
        [Root] = new("root", Wiring),
        [$"{Root}.DependencyInjection"] = new("DependencyInjection", Wiring),
    };

    /// <summary>
    /// The service provider and the Microsoft.Extensions.DependencyInjection types that resolve services
    /// from it (a service locator by another name).
    /// </summary>
    private static readonly HashSet<string> ServiceProviderTypes = new(StringComparer.Ordinal)
    {
        "System.IServiceProvider",
        "Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions",
        "Microsoft.Extensions.DependencyInjection.ServiceProviderKeyedServiceExtensions",
        "Microsoft.Extensions.DependencyInjection.ActivatorUtilities",
        "Microsoft.Extensions.DependencyInjection.ObjectFactory",
        "Microsoft.Extensions.DependencyInjection.ObjectFactory`1",
        "Microsoft.Extensions.DependencyInjection.IServiceProviderIsService",
        "Microsoft.Extensions.DependencyInjection.IServiceProviderIsKeyedService",
        "Microsoft.Extensions.DependencyInjection.IKeyedServiceProvider",
        "Microsoft.Extensions.DependencyInjection.ISupportRequiredService",
        "Microsoft.Extensions.DependencyInjection.IServiceScopeFactory",
        "Microsoft.Extensions.DependencyInjection.IServiceScope",
        "Microsoft.Extensions.DependencyInjection.AsyncServiceScope",
        "Microsoft.Extensions.DependencyInjection.ServiceProvider",
        "Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions",
        "Microsoft.Extensions.DependencyInjection.IServiceProviderFactory`1",
    };

    /// <summary>The ports a floor-1 area may use, by area: the token store, and the lease store for the refresh lease.</summary>
    private static readonly Dictionary<string, Type[]> PortsAllowedOnFloor1 = new(StringComparer.Ordinal)
    {
        ["Auth"] = [typeof(ITokenStore), typeof(ISyncLeaseStore)],
    };

    /// <summary>
    /// The host and state ports: every interface of the Abstractions area, read from the assembly so a new
    /// port is covered without a change here.
    /// </summary>
    public static IReadOnlySet<Type> Ports { get; } = typeof(ITokenStore).Assembly.GetTypes()
        .Where(static type => type.IsInterface && type.Namespace is { } ns && AreaOf(ns)?.Name == "Abstractions")
        .ToHashSet();

    /// <summary>Whether the namespace is the SDK's (the root or below it).</summary>
    public static bool IsSdkNamespace(string? ns) =>
        ns is not null && (ns == Root || ns.StartsWith(Root + ".", StringComparison.Ordinal));

    /// <summary>The area of a namespace, or null when the table does not list it (nor a parent of it).</summary>
    public static LayerArea? AreaOf(string ns)
    {
        for (var candidate = ns; ;)
        {
            if (Areas.TryGetValue(candidate, out var area))
            {
                // The root area does not adopt sub-namespaces: IssueSync.Sdk.Anything must be listed.
                return candidate == Root && ns != Root ? null : area;
            }

            var dot = candidate.LastIndexOf('.');
            if (dot < 0)
            {
                return null;
            }

            candidate = candidate[..dot];
        }
    }

    /// <summary>
    /// Judges a reference from a type in <paramref name="sourceNamespace"/> (an area of the table) to
    /// <paramref name="target"/>: null when the table allows it.
    /// </summary>
    public static LayeringViolation? Judge(string sourceNamespace, Type target)
    {
        var source = AreaOf(sourceNamespace)
            ?? throw new ArgumentException($"{sourceNamespace} is not in the layering table.", nameof(sourceNamespace));

        if (source.Floor < Wiring && ServiceProviderTypes.Contains(target.FullName ?? target.Name))
        {
            return new(LayeringRule.ServiceProvider, "service provider: only floor 4 may");
        }

        if (!IsSdkNamespace(target.Namespace) || AreaOf(target.Namespace!) is not { } area || area == source)
        {
            // Outside the SDK, or a namespace the table misses (reported for the types declared in it).
            return null;
        }

        if (area.Floor > source.Floor)
        {
            return new(LayeringRule.FloorAbove, $"{area}: a floor above");
        }

        if (area.Floor == 3 && source.Floor == 3)
        {
            return new(LayeringRule.Floor3Sibling, $"{area}: floor-3 areas never reference each other");
        }

        if (source.Floor == 1 && area.Floor == 0 && IsPort(target) && !PortsAllowedOnFloor1.GetValueOrDefault(source.Name, []).Contains(target))
        {
            return new(LayeringRule.HostPortBelowSync, target.IsInterface ? "host port" : "host port implementation");
        }

        return null;
    }

    /// <summary>A port, or a type of the Abstractions area implementing one (only value types and records are floor 1's).</summary>
    private static bool IsPort(Type target) => Ports.Contains(target) || target.GetInterfaces().Any(Ports.Contains);
}
