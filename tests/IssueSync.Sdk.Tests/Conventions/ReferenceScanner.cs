using System.CodeDom.Compiler;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace IssueSync.Sdk.Tests.Conventions;

/// <summary>
/// One type mentioned by another. <paramref name="Owner"/> is the type as written in the source: a reference
/// made inside a compiler-generated type (a lambda's closure, an async state machine, <c>&lt;&gt;c</c>) is
/// reported for the type that declares it. <paramref name="Member"/> is the source member it was found in
/// (a lambda or an async method is named after the method that holds it), or the part of the declaration
/// ("base type", "interface", "attribute", "generic constraint").
/// </summary>
internal sealed record TypeReference(Type Owner, string Member, Type Target);

/// <summary>
/// Reads a compiled type and lists every type it references: its declaration (base type, interfaces,
/// generic constraints, attributes), its members' signatures (fields, properties, events, methods,
/// constructors, their parameters and attributes) and its method bodies (locals, catch clauses, and every
/// type, method and field token in the IL). Generic instantiations, arrays, pointers and byrefs are
/// unwrapped to the types they are made of; a referenced member counts as a reference to its declaring type
/// (and to a generic method's type arguments). Nested types are not followed: scan them as types of their own
/// (<see cref="ReferencesOfTypeAndNested"/>), they report under their declaring type.
/// </summary>
internal static class ReferenceScanner
{
    private const BindingFlags Declared =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    // Every IL opcode by its value; a two-byte opcode (0xFE xx) has a negative short value.
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(opCode => opCode.Value);

    /// <summary>The references made by <paramref name="type"/> itself, without its nested types.</summary>
    public static IReadOnlySet<TypeReference> ReferencesOf(Type type)
    {
        var collector = new Collector(type);
        collector.ScanDeclaration();
        foreach (var member in type.GetMembers(Declared).Where(static member => member is not Type))
        {
            collector.ScanMember(member);
        }

        return collector.Found;
    }

    /// <summary>The references made by <paramref name="type"/> and by every type nested in it, at any depth.</summary>
    public static IReadOnlySet<TypeReference> ReferencesOfTypeAndNested(Type type) =>
        type.GetNestedTypes(Declared).Aggregate(
            new HashSet<TypeReference>(ReferencesOf(type)),
            (all, nested) =>
            {
                all.UnionWith(ReferencesOfTypeAndNested(nested));
                return all;
            });

    /// <summary>Whether the compiler or a source generator wrote the type (closures, state machines, generator output).</summary>
    public static bool IsGenerated(Type type) =>
        type.Name.StartsWith('<')
        || type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false)
        || type.IsDefined(typeof(GeneratedCodeAttribute), inherit: false);

    /// <summary>The type as written in the source: the nearest declaring type that is not generated.</summary>
    public static Type OwnerOf(Type type)
    {
        var owner = type;
        while (owner.DeclaringType is { } declaring && IsGenerated(owner))
        {
            owner = declaring;
        }

        return owner;
    }

    /// <summary>
    /// The source name hidden in a compiler-generated name: <c>&lt;GetAsync&gt;d__3</c> (a state machine),
    /// <c>&lt;Make&gt;b__0_0</c> (a lambda), <c>&lt;Name&gt;k__BackingField</c>; null when there is none
    /// (<c>&lt;&gt;c</c>, <c>&lt;&gt;c__DisplayClass5_0</c>).
    /// </summary>
    private static string? SourceName(string generatedName)
    {
        if (!generatedName.StartsWith('<'))
        {
            return null;
        }

        var close = generatedName.IndexOf('>', StringComparison.Ordinal);
        return close > 1 ? generatedName[1..close] : null;
    }

    private sealed class Collector(Type type)
    {
        private readonly Type _owner = OwnerOf(type);

        public HashSet<TypeReference> Found { get; } = [];

        public void ScanDeclaration()
        {
            var member = MemberName(null, "base type");
            Add(type.BaseType, member);
            foreach (var implemented in type.GetInterfaces())
            {
                Add(implemented, MemberName(null, "interface"));
            }

            ScanGenericParameters(type.IsGenericTypeDefinition ? type.GetGenericArguments() : [], MemberName(null, "generic constraint"));
            ScanAttributes(type.GetCustomAttributesData(), MemberName(null, "attribute"));
        }

        public void ScanMember(MemberInfo member)
        {
            var name = MemberName(member.Name, member.Name);
            ScanAttributes(member.GetCustomAttributesData(), name);
            switch (member)
            {
                case FieldInfo field:
                    Add(field.FieldType, name);
                    break;
                case PropertyInfo property:
                    Add(property.PropertyType, name);
                    ScanParameters(property.GetIndexParameters(), name);
                    break;
                case EventInfo @event:
                    Add(@event.EventHandlerType, name);
                    break;
                case MethodBase method:
                    if (method is MethodInfo returning)
                    {
                        Add(returning.ReturnType, name);
                        ScanAttributes(returning.ReturnParameter.GetCustomAttributesData(), name);
                    }

                    ScanGenericParameters(method.IsGenericMethodDefinition ? method.GetGenericArguments() : [], name);
                    ScanParameters(method.GetParameters(), name);
                    ScanBody(method, name);
                    break;
            }
        }

        private void ScanParameters(ParameterInfo[] parameters, string member)
        {
            foreach (var parameter in parameters)
            {
                Add(parameter.ParameterType, member);
                ScanAttributes(parameter.GetCustomAttributesData(), member);
            }
        }

        private void ScanGenericParameters(Type[] parameters, string member)
        {
            foreach (var constraint in parameters.SelectMany(static parameter => parameter.GetGenericParameterConstraints()))
            {
                Add(constraint, member);
            }
        }

        private void ScanAttributes(IEnumerable<CustomAttributeData> attributes, string member)
        {
            foreach (var attribute in attributes)
            {
                Add(attribute.AttributeType, member);
                foreach (var argument in attribute.ConstructorArguments.Concat(attribute.NamedArguments.Select(static named => named.TypedValue)))
                {
                    ScanAttributeArgument(argument, member);
                }
            }
        }

        private void ScanAttributeArgument(CustomAttributeTypedArgument argument, string member)
        {
            // typeof(X) in an attribute, e.g. [JsonSerializable(typeof(X))], and arrays of them.
            Add(argument.ArgumentType, member);
            switch (argument.Value)
            {
                case Type mentioned:
                    Add(mentioned, member);
                    break;
                case IEnumerable<CustomAttributeTypedArgument> elements:
                    foreach (var element in elements)
                    {
                        ScanAttributeArgument(element, member);
                    }

                    break;
            }
        }

        private void ScanBody(MethodBase method, string member)
        {
            var body = method.GetMethodBody();
            if (body is null)
            {
                return;
            }

            foreach (var local in body.LocalVariables)
            {
                Add(local.LocalType, member);
            }

            foreach (var clause in body.ExceptionHandlingClauses.Where(static c => c.Flags == ExceptionHandlingClauseOptions.Clause))
            {
                Add(clause.CatchType, member);
            }

            var il = body.GetILAsByteArray() ?? [];
            var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
            var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
            for (var offset = 0; offset < il.Length;)
            {
                var opCode = il[offset] == 0xFE
                    ? OpCodesByValue[unchecked((short)(0xFE00 | il[offset + 1]))]
                    : OpCodesByValue[il[offset]];
                offset += opCode.Size;
                switch (opCode.OperandType)
                {
                    case OperandType.InlineNone:
                        break;
                    case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                        offset += 1;
                        break;
                    case OperandType.InlineVar:
                        offset += 2;
                        break;
                    case OperandType.InlineI8 or OperandType.InlineR:
                        offset += 8;
                        break;
                    case OperandType.InlineSwitch:
                        offset += 4 + (4 * BitConverter.ToInt32(il, offset));
                        break;
                    case OperandType.InlineType or OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok:
                        AddResolved(method.Module.ResolveMember(BitConverter.ToInt32(il, offset), typeArguments, methodArguments), member);
                        offset += 4;
                        break;
                    default:
                        // InlineBrTarget, InlineI, ShortInlineR, InlineString, InlineSig (a calli signature): no type token.
                        offset += 4;
                        break;
                }
            }
        }

        private void AddResolved(MemberInfo? resolved, string member)
        {
            switch (resolved)
            {
                case Type mentioned:
                    Add(mentioned, member);
                    break;
                case MethodInfo { IsGenericMethod: true } generic:
                    Add(generic.DeclaringType, member);
                    foreach (var argument in generic.GetGenericArguments())
                    {
                        Add(argument, member);
                    }

                    break;
                case not null:
                    Add(resolved.DeclaringType, member);
                    break;
            }
        }

        /// <summary>Adds a type, unwrapped: a generic instantiation's definition and arguments, an element type.</summary>
        private void Add(Type? mentioned, string member)
        {
            if (mentioned is null || mentioned.IsGenericParameter)
            {
                // A placeholder: its constraints are read where it is declared.
                return;
            }

            if (mentioned.HasElementType)
            {
                Add(mentioned.GetElementType(), member);
            }
            else if (mentioned.IsFunctionPointer)
            {
                Add(mentioned.GetFunctionPointerReturnType(), member);
                foreach (var parameter in mentioned.GetFunctionPointerParameterTypes())
                {
                    Add(parameter, member);
                }
            }
            else if (mentioned.IsConstructedGenericType)
            {
                Add(mentioned.GetGenericTypeDefinition(), member);
                foreach (var argument in mentioned.GetGenericArguments())
                {
                    Add(argument, member);
                }
            }
            else
            {
                Found.Add(new TypeReference(_owner, member, mentioned));
            }
        }

        /// <summary>
        /// The source member a reference belongs to: the name hidden in a generated member name
        /// (<c>&lt;Make&gt;b__0_0</c>: Make), else the one hidden in the generated type holding it
        /// (<c>&lt;GetAsync&gt;d__3.MoveNext</c>: GetAsync), else "closure" for the compiler's other names, else
        /// <paramref name="fallback"/>.
        /// </summary>
        private string MemberName(string? memberName, string fallback)
        {
            if (memberName is not null && SourceName(memberName) is { } hidden)
            {
                return hidden;
            }

            // <>9__7_0 caches the delegate of the lambda <AddTo>b__7_0 beside it.
            if (memberName is not null && memberName.StartsWith("<>9__", StringComparison.Ordinal)
                && type.GetMethods(Declared).FirstOrDefault(m => m.Name.EndsWith(">b__" + memberName[5..], StringComparison.Ordinal)) is { } lambda
                && SourceName(lambda.Name) is { } cached)
            {
                return cached;
            }

            for (var generated = type; generated != _owner && generated is not null; generated = generated.DeclaringType)
            {
                if (SourceName(generated.Name) is { } holder)
                {
                    return holder;
                }
            }

            // <>9 (the <>c singleton), <>4__this (a captured this): plumbing of lambdas.
            return memberName?.StartsWith('<') == true ? "closure" : fallback;
        }
    }
}
