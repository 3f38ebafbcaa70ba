using IssueSync.Sdk.Patch;

namespace IssueSync.Sdk.Tests.Patch;

public class SettableTests
{
    [Fact]
    public void Default_is_unset()
    {
        Settable<string?> value = default;

        Assert.False(value.IsSet);
        Assert.Null(value.Value);
        Assert.Equal(Settable<string?>.Unset, value);
        Assert.Equal("(unset)", value.ToString());
    }

    [Fact]
    public void Implicit_conversion_from_null_is_set_to_null()
    {
        Settable<string?> value = null;

        Assert.True(value.IsSet);
        Assert.Null(value.Value);
        Assert.NotEqual(Settable<string?>.Unset, value);
        Assert.Equal("null", value.ToString());
    }

    [Fact]
    public void Implicit_conversion_from_a_value_is_set_to_that_value()
    {
        Settable<string?> value = "Active";

        Assert.True(value.IsSet);
        Assert.Equal("Active", value.Value);
        Assert.Equal("Active", value.ToString());
        Assert.Equal(Settable<string?>.FromValue("Active"), value);
        Assert.Equal(new Settable<string?>("Active"), value);
    }

    [Fact]
    public void Equality_distinguishes_unset_null_and_values()
    {
        Settable<string?> unset = default;
        Settable<string?> setNull = null;
        Settable<string?> empty = "";
        Settable<string?> text = "x";

        Assert.True(unset != setNull);
        Assert.True(setNull != empty);
        Assert.True(empty != text);
        Assert.True(text == Settable<string?>.FromValue("x"));
        Assert.Equal(text.GetHashCode(), Settable<string?>.FromValue("x").GetHashCode());
        Assert.True(setNull.Equals((object)Settable<string?>.FromValue(null)));
        Assert.False(text.Equals((object)"x"));
    }

    [Fact]
    public void Works_for_value_types()
    {
        Settable<int> unset = default;
        Settable<int> zero = 0;

        Assert.False(unset.IsSet);
        Assert.True(zero.IsSet);
        Assert.NotEqual(unset, zero);
    }
}
