namespace IssueSync.Sdk.Tests.Conventions.ScannerFixtures;

// Small types for ReferenceScannerTests: each Uses* type mentions its *Target in one way only, so the
// scanner is seen to find a reference made only that way. Nothing else mentions the targets.

internal static class LambdaTarget
{
    public static int Answer() => 42;
}

internal sealed class UsesLambda
{
    public Func<int> Make() => () => LambdaTarget.Answer();
}

internal static class CapturingLambdaTarget
{
    public static int Add(int value) => value + 1;
}

internal sealed class UsesCapturingLambda
{
    public Func<int> Make(int value) => () => CapturingLambdaTarget.Add(value);
}

internal static class AsyncTarget
{
    public static int Answer() => 42;
}

internal sealed class UsesAsync
{
    public async Task<int> RunAsync()
    {
        await Task.Yield();
        return AsyncTarget.Answer();
    }
}

internal static class IteratorTarget
{
    public static int Answer() => 42;
}

internal sealed class UsesIterator
{
    public IEnumerable<int> Numbers()
    {
        yield return IteratorTarget.Answer();
    }
}

internal static class LocalFunctionTarget
{
    public static int Answer() => 42;
}

internal sealed class UsesLocalFunction
{
    public int Run()
    {
        return Local();

        static int Local() => LocalFunctionTarget.Answer();
    }
}

internal sealed class GenericArgumentTarget;

internal sealed class UsesGenericArgument
{
    public int Count() => new List<GenericArgumentTarget>().Count;
}

internal sealed class GenericMethodArgumentTarget;

internal sealed class UsesGenericMethodArgument
{
    public object Make() => Array.Empty<GenericMethodArgumentTarget>();
}

internal sealed class GenericContextTarget;

/// <summary>Its method body names a member of a type built on the class's own type parameter.</summary>
internal sealed class UsesGenericContext<T>
    where T : notnull
{
    public int Count() => new Dictionary<T, GenericContextTarget>().Count;
}

internal sealed class TypeofTarget;

internal sealed class UsesTypeof
{
    public Type Get() => typeof(TypeofTarget);
}

internal static class StaticFieldTarget
{
    public static readonly int Value = Environment.ProcessorCount;
}

internal sealed class UsesStaticField
{
    public int Read() => StaticFieldTarget.Value;
}

internal sealed class CatchTarget : Exception
{
    public CatchTarget()
    {
    }

    public CatchTarget(string message)
        : base(message)
    {
    }

    public CatchTarget(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

internal sealed class UsesCatch
{
    public bool Try(Action action)
    {
        try
        {
            action();
            return true;
        }
        catch (CatchTarget)
        {
            return false;
        }
    }
}

[AttributeUsage(AttributeTargets.Class)]
internal sealed class AttributeTargetAttribute : Attribute;

[AttributeTarget]
internal sealed class UsesAttribute;

internal sealed class AttributeArgumentTarget;

[AttributeUsage(AttributeTargets.Class)]
internal sealed class MentionsAttribute(Type mentioned) : Attribute
{
    public Type Mentioned { get; } = mentioned;
}

[Mentions(typeof(AttributeArgumentTarget))]
internal sealed class UsesAttributeArgument;

internal interface IConstraintTarget;

internal sealed class UsesConstraint
{
    public T Make<T>()
        where T : IConstraintTarget, new() => new T();
}

internal sealed class ByRefTarget;

internal sealed class UsesByRef
{
    public void Reset(ref ByRefTarget? value) => value = null;
}

internal sealed class ArrayTarget;

internal sealed class UsesArray
{
    public ArrayTarget[][] Items { get; } = [];
}

internal sealed class NestedTarget;

internal sealed class UsesNested
{
    internal sealed class Inner
    {
        public object Make() => new NestedTarget();
    }
}

/// <summary>Mentioned by no fixture: the scanner must not find it anywhere.</summary>
internal sealed class UnreferencedTarget;

internal sealed class UsesNothing
{
    public int Answer() => 42;
}
