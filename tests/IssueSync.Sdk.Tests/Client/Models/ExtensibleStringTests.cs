using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text.Json;

namespace IssueSync.Sdk.Tests.Client.Models;

/// <summary>
/// What every extensible string value promises: any value Azure DevOps sends is accepted, equality
/// ignores case as Azure DevOps does, and JSON carries it as a plain string. One derived class per
/// value type supplies its data; the members every such type must have (constructor,
/// <c>FromString</c>, implicit conversion, <c>==</c>, <c>!=</c>, <c>Value</c>) are found by name, so
/// a type missing one fails here.
/// </summary>
/// <typeparam name="T">The value type.</typeparam>
public abstract class ExtensibleStringTests<T>
    where T : struct, IEquatable<T>
{
    /// <summary>The well-known values with the names Azure DevOps spells them with.</summary>
    public abstract IReadOnlyList<(T Value, string Name)> KnownValues { get; }

    /// <summary>A value no process ships with.</summary>
    public abstract string CustomName { get; }

    private static T Create(string value) => Invoke<T>(typeof(T).GetConstructor([typeof(string)])!, value);

    private static T FromString(string value) => Invoke<T>(Method("FromString", typeof(string)), value);

    private static T Convert(string value) => Invoke<T>(Method("op_Implicit", typeof(string)), value);

    private static string ValueOf(T value) => (string)typeof(T).GetProperty("Value")!.GetValue(value)!;

    private static bool OperatorEquals(T left, T right) => Invoke<bool>(Method("op_Equality", typeof(T), typeof(T)), left, right);

    private static bool OperatorNotEquals(T left, T right) => Invoke<bool>(Method("op_Inequality", typeof(T), typeof(T)), left, right);

    private static MethodInfo Method(string name, params Type[] parameters) =>
        typeof(T).GetMethod(name, BindingFlags.Public | BindingFlags.Static, parameters)
        ?? throw new InvalidOperationException($"{typeof(T).Name} has no public static {name}.");

    // Unwraps the target's own exception (ArgumentException for a blank value) from the reflection wrapper.
    private static TResult Invoke<TResult>(MethodBase method, params object?[] arguments)
    {
        try
        {
            return (TResult)(method is ConstructorInfo constructor ? constructor.Invoke(arguments) : method.Invoke(null, arguments))!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }

    [Fact]
    public void Known_values_are_spelled_as_azure_devops_spells_them()
    {
        Assert.NotEmpty(KnownValues);
        foreach (var (value, name) in KnownValues)
        {
            Assert.Equal(name, ValueOf(value));
            Assert.Equal(name, value.ToString());
            Assert.Equal(value, Create(name));
        }
    }

    [Fact]
    public void Equality_ignores_case()
    {
        var lower = Create(CustomName.ToLowerInvariant());
        var upper = Create(CustomName.ToUpperInvariant());

        Assert.True(lower.Equals(upper));
        Assert.True(lower.Equals((object)upper));
        Assert.True(OperatorEquals(lower, upper));
        Assert.False(OperatorNotEquals(lower, upper));
        Assert.Equal(lower.GetHashCode(), upper.GetHashCode());
        Assert.Equal(CustomName.ToLowerInvariant(), ValueOf(lower));
    }

    [Fact]
    public void Different_values_are_not_equal()
    {
        var (known, _) = KnownValues[0];
        var custom = Create(CustomName);

        Assert.False(known.Equals(custom));
        Assert.False(OperatorEquals(known, custom));
        Assert.True(OperatorNotEquals(known, custom));
        Assert.False(custom.Equals(CustomName));
        Assert.False(custom.Equals(null));
    }

    [Fact]
    public void Unknown_values_are_accepted_through_every_way_in()
    {
        Assert.Equal(CustomName, ValueOf(Create(CustomName)));
        Assert.Equal(CustomName, ValueOf(FromString(CustomName)));
        Assert.Equal(CustomName, ValueOf(Convert(CustomName)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Blank_values_are_rejected(string value)
    {
        Assert.ThrowsAny<ArgumentException>(() => Create(value));
        Assert.ThrowsAny<ArgumentException>(() => FromString(value));
    }

    [Fact]
    public void Null_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => Create(null!));
    }

    [Fact]
    public void Default_value_is_empty()
    {
        Assert.Equal(string.Empty, ValueOf(default));
        Assert.Equal(string.Empty, default(T).ToString());
        Assert.Equal(default(T), default(T));
    }

    [Fact]
    public void Json_round_trip_keeps_the_value_as_a_plain_string()
    {
        var value = Create(CustomName);

        var json = JsonSerializer.Serialize(value);
        var back = JsonSerializer.Deserialize<T>(json);

        Assert.Equal(JsonSerializer.Serialize(CustomName), json);
        Assert.Equal(value, back);
        Assert.Equal(CustomName, ValueOf(back));
    }

    [Fact]
    public void Json_reads_any_casing_and_unknown_values()
    {
        var read = JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(CustomName.ToUpperInvariant()));

        Assert.Equal(Create(CustomName), read);
        Assert.Equal(CustomName.ToUpperInvariant(), ValueOf(read));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    [InlineData("\"   \"")]
    public void Json_null_or_blank_string_reads_as_default(string json)
    {
        Assert.Equal(default(T), JsonSerializer.Deserialize<T>(json));
    }

    [Theory]
    [InlineData("42")]
    [InlineData("{}")]
    [InlineData("true")]
    public void Json_that_is_not_a_string_is_rejected(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<T>(json));
    }

    [Fact]
    public void Json_of_the_default_value_is_an_empty_string()
    {
        Assert.Equal("\"\"", JsonSerializer.Serialize(default(T)));
    }
}
