using System.Reflection;
using System.Runtime.CompilerServices;
using System.Xml.Linq;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;

namespace IssueSync.Sdk.Tests.Conventions;

/// <summary>Rules every exported type of the SDK follows, checked by reflection.</summary>
public class PublicSurfaceConventionTests
{
    private const BindingFlags Declared =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Assembly Sdk = typeof(VstsApiException).Assembly;

    private static readonly Type[] ExportedTypes = Sdk.GetExportedTypes();

    [Fact]
    public void The_sdk_exports_types()
    {
        Assert.True(ExportedTypes.Length > 20, $"only {ExportedTypes.Length} exported types were found");
    }

    [Fact]
    public void Every_public_async_method_takes_a_CancellationToken_last()
    {
        var offenders = PublicMembers()
            .OfType<MethodInfo>()
            .Where(method => IsAsync(method.ReturnType))
            .Where(method => method.GetParameters() is not [.., { ParameterType: var last }] || last != typeof(CancellationToken))
            .Select(Describe)
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void The_async_rule_sees_the_async_methods()
    {
        // Guards the rule above against silently matching nothing.
        Assert.Contains(PublicMembers().OfType<MethodInfo>(), method => method.Name == nameof(ISyncWatermarkStore.TrySaveAsync) && method.DeclaringType == typeof(ISyncWatermarkStore) && IsAsync(method.ReturnType));
    }

    [Fact]
    public void Every_exported_type_has_an_xml_doc_entry()
    {
        var documented = DocumentedIds();

        var missing = ExportedTypes.Select(DocumentationIds.For).Where(id => !documented.Contains(id)).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void Every_public_member_has_an_xml_doc_entry()
    {
        var documented = DocumentedIds();

        var missing = PublicMembers()
            .Where(member => member is not Type)
            // The compiler's implicit parameterless constructor has no source to document.
            .Where(member => member is not ConstructorInfo { IsStatic: false } constructor || constructor.GetParameters().Length > 0)
            .Select(DocumentationIds.For)
            .Where(id => !documented.Contains(id))
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void No_public_signature_mentions_Newtonsoft_or_Polly()
    {
        var offenders = ExportedTypes
            .SelectMany(type => SignatureTypes(type).Select(mentioned => (Where: type.FullName!, Mentioned: mentioned)))
            .Concat(PublicMembers().SelectMany(member => SignatureTypes(member).Select(mentioned => (Where: Describe(member), Mentioned: mentioned))))
            .Where(pair => pair.Mentioned.Namespace is { } ns && (IsIn(ns, "Newtonsoft") || IsIn(ns, "Polly")))
            .Select(pair => $"{pair.Where} mentions {pair.Mentioned.FullName}")
            .Distinct()
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void The_signature_scan_sees_third_party_types()
    {
        // Guards the rule above: Azure.Core's TokenCredential is a deliberate public dependency.
        Assert.Contains(PublicMembers().SelectMany(SignatureTypes), type => type == typeof(Azure.Core.TokenCredential));
        Assert.Contains(PublicMembers().SelectMany(SignatureTypes), type => type == typeof(Func<,>));
    }

    [Fact]
    public void Every_exported_type_lives_in_an_IssueSync_Sdk_namespace()
    {
        var offenders = ExportedTypes.Where(type => type.Namespace is null || !IsIn(type.Namespace, "IssueSync.Sdk")).Select(type => type.FullName).ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void The_dependency_injection_entry_point_lives_in_the_root_namespace()
    {
        Assert.Equal("IssueSync.Sdk", typeof(VstsIssueSyncServiceCollectionExtensions).Namespace);
        Assert.Equal("IssueSync.Sdk", typeof(IVstsIssueSyncBuilder).Namespace);
    }

    private static bool IsIn(string ns, string root) =>
        ns.Equals(root, StringComparison.Ordinal) || ns.StartsWith(root + ".", StringComparison.Ordinal);

    private static bool IsAsync(Type type)
    {
        if (type == typeof(Task) || type == typeof(ValueTask))
        {
            return true;
        }

        if (!type.IsGenericType)
        {
            return false;
        }

        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(Task<>) || definition == typeof(ValueTask<>) || definition == typeof(IAsyncEnumerable<>);
    }

    /// <summary>Public and protected members declared by exported types, without compiler-generated ones and accessors.</summary>
    private static IEnumerable<MemberInfo> PublicMembers() =>
        ExportedTypes.SelectMany(type => type.GetMembers(Declared))
            .Where(IsVisibleOutside)
            .Where(member => member.GetCustomAttribute<CompilerGeneratedAttribute>() is null)
            .Where(member => member is not MethodBase { IsSpecialName: true } method || method.Name.StartsWith("op_", StringComparison.Ordinal) || method is ConstructorInfo)
            .Where(member => member is not FieldInfo { IsSpecialName: true });

    private static bool IsVisibleOutside(MemberInfo member) => member switch
    {
        MethodBase method => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly,
        FieldInfo field => field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly,
        PropertyInfo property => property.GetAccessors(nonPublic: true).Any(IsVisibleOutside),
        EventInfo @event => @event.AddMethod is { } add && IsVisibleOutside(add),
        Type nested => nested.IsNestedPublic || nested.IsNestedFamily || nested.IsNestedFamORAssem,
        _ => false,
    };

    private static IEnumerable<Type> SignatureTypes(Type type) =>
        new[] { type.BaseType }
            .Concat(type.GetInterfaces())
            .Concat(type.IsGenericTypeDefinition ? type.GetGenericArguments().SelectMany(argument => argument.GetGenericParameterConstraints()) : [])
            .OfType<Type>()
            .SelectMany(Unwrap);

    private static IEnumerable<Type> SignatureTypes(MemberInfo member)
    {
        IEnumerable<Type> direct = member switch
        {
            MethodInfo method => method.GetParameters().Select(p => p.ParameterType)
                .Append(method.ReturnType)
                .Concat(method.IsGenericMethodDefinition ? method.GetGenericArguments().SelectMany(a => a.GetGenericParameterConstraints()) : []),
            ConstructorInfo constructor => constructor.GetParameters().Select(p => p.ParameterType),
            PropertyInfo property => property.GetIndexParameters().Select(p => p.ParameterType).Append(property.PropertyType),
            FieldInfo field => [field.FieldType],
            EventInfo @event => [@event.EventHandlerType!],
            _ => [],
        };
        return direct.SelectMany(Unwrap);
    }

    /// <summary>The type and every type inside it: element types and generic arguments.</summary>
    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.HasElementType)
        {
            return Unwrap(type.GetElementType()!);
        }

        return type.IsGenericType && !type.IsGenericTypeDefinition
            ? type.GetGenericArguments().SelectMany(Unwrap).Prepend(type.GetGenericTypeDefinition())
            : [type];
    }

    private static string Describe(MemberInfo member) => $"{member.DeclaringType?.FullName}.{member.Name}";

    private static HashSet<string> DocumentedIds()
    {
        var path = Path.ChangeExtension(Sdk.Location, ".xml");
        Assert.True(File.Exists(path), $"{path} is missing: the SDK project must keep GenerateDocumentationFile on.");
        return XDocument.Load(path)
            .Descendants("member")
            .Select(member => (string?)member.Attribute("name"))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
    }
}
