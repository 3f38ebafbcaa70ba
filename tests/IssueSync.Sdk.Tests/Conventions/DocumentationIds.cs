using System.Reflection;
using System.Text;

namespace IssueSync.Sdk.Tests.Conventions;

/// <summary>
/// The documentation comment ids the C# compiler writes to the XML file (ECMA-334 annex D):
/// <c>T:Ns.Type</c>, <c>M:Ns.Type.Method(System.String,System.Int32@)</c>, <c>P:</c>, <c>F:</c>, <c>E:</c>.
/// </summary>
internal static class DocumentationIds
{
    public static string For(Type type) => "T:" + TypeName(type);

    public static string For(MemberInfo member) => member switch
    {
        Type type => For(type),
        ConstructorInfo constructor => $"M:{TypeName(constructor.DeclaringType!)}.#ctor{Parameters(constructor.GetParameters())}",
        MethodInfo method => MethodId(method),
        PropertyInfo property => $"P:{TypeName(property.DeclaringType!)}.{property.Name}{Parameters(property.GetIndexParameters())}",
        FieldInfo field => $"F:{TypeName(field.DeclaringType!)}.{field.Name}",
        EventInfo @event => $"E:{TypeName(@event.DeclaringType!)}.{@event.Name}",
        _ => throw new NotSupportedException(member.GetType().Name),
    };

    private static string MethodId(MethodInfo method)
    {
        var id = new StringBuilder("M:").Append(TypeName(method.DeclaringType!)).Append('.').Append(method.Name);
        if (method.IsGenericMethodDefinition)
        {
            id.Append("``").Append(method.GetGenericArguments().Length);
        }

        id.Append(Parameters(method.GetParameters()));
        if (method.Name is "op_Implicit" or "op_Explicit")
        {
            id.Append('~').Append(ParameterTypeName(method.ReturnType));
        }

        return id.ToString();
    }

    private static string Parameters(ParameterInfo[] parameters) =>
        parameters.Length == 0 ? string.Empty : "(" + string.Join(",", parameters.Select(p => ParameterTypeName(p.ParameterType))) + ")";

    private static string TypeName(Type type) =>
        (type.IsGenericType ? type.GetGenericTypeDefinition() : type).FullName!.Replace('+', '.');

    private static string ParameterTypeName(Type type)
    {
        if (type.IsByRef)
        {
            return ParameterTypeName(type.GetElementType()!) + "@";
        }

        if (type.IsPointer)
        {
            return ParameterTypeName(type.GetElementType()!) + "*";
        }

        if (type.IsArray)
        {
            var rank = type.GetArrayRank();
            var suffix = rank == 1 ? "[]" : "[" + string.Join(",", Enumerable.Repeat("0:", rank)) + "]";
            return ParameterTypeName(type.GetElementType()!) + suffix;
        }

        if (type.IsGenericParameter)
        {
            return (type.DeclaringMethod is null ? "`" : "``") + type.GenericParameterPosition;
        }

        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition().FullName!;
            var name = definition[..definition.IndexOf('`', StringComparison.Ordinal)].Replace('+', '.');
            return name + "{" + string.Join(",", type.GetGenericArguments().Select(ParameterTypeName)) + "}";
        }

        return type.FullName!.Replace('+', '.');
    }
}
