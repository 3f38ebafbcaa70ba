using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace IssueSync.Sdk.DependencyInjection;

/// <summary>
/// Produces the options type a component reads (its own, in its own namespace) from
/// <see cref="VstsIssueSyncOptions"/>, the one type a host binds or sets in code.
/// </summary>
/// <remarks>
/// <para>The component's <see cref="IOptionsFactory{TOptions}"/> builds the root afresh through the
/// root's own factory (every configure action, the binding, and the validators, so an invalid value
/// fails with the message that names its configuration key) and selects or maps the part the
/// component reads. The root's monitor cache is never read: change callbacks run in no guaranteed
/// order, so a component notified first would read the stale root.</para>
/// <para>The component's <see cref="IOptionsChangeTokenSource{TOptions}"/> forwards every change
/// token source of the root (the bound configuration's reload token), so
/// <see cref="IOptionsMonitor{TOptions}"/> of the component drops its cached value when the
/// configuration reloads, and the next <c>CurrentValue</c> is built from the new configuration.</para>
/// </remarks>
internal static class VstsSubOptions
{
    /// <summary>
    /// Registers <typeparamref name="TOptions"/> as produced by <paramref name="select"/> from the
    /// root options. Idempotent: a second call adds nothing.
    /// </summary>
    public static void Add<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(IServiceCollection services, Func<VstsIssueSyncOptions, TOptions> select)
        where TOptions : class
    {
        services.TryAddSingleton<IOptionsFactory<TOptions>>(sp => new Factory<TOptions>(sp.GetRequiredService<IOptionsFactory<VstsIssueSyncOptions>>(), select));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOptionsChangeTokenSource<TOptions>, ChangeTokenSource<TOptions>>());
    }

    private sealed class Factory<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(IOptionsFactory<VstsIssueSyncOptions> root, Func<VstsIssueSyncOptions, TOptions> select) : IOptionsFactory<TOptions>
        where TOptions : class
    {
        public TOptions Create(string name) => select(root.Create(name));
    }

    /// <summary>
    /// Changes when any source of the root changes. The SDK reads only the default name, so one
    /// source for that name is enough: a change of another name only rebuilds the default once more.
    /// </summary>
    private sealed class ChangeTokenSource<TOptions>(IEnumerable<IOptionsChangeTokenSource<VstsIssueSyncOptions>> sources) : IOptionsChangeTokenSource<TOptions>
    {
        private static readonly IChangeToken NeverChanges = new CancellationChangeToken(CancellationToken.None);

        private readonly IOptionsChangeTokenSource<VstsIssueSyncOptions>[] _sources = [.. sources];

        public string Name => Options.DefaultName;

        public IChangeToken GetChangeToken() => _sources.Length switch
        {
            // Options set in code only: nothing ever changes.
            0 => NeverChanges,
            1 => _sources[0].GetChangeToken(),
            _ => new CompositeChangeToken([.. _sources.Select(static source => source.GetChangeToken())]),
        };
    }
}
