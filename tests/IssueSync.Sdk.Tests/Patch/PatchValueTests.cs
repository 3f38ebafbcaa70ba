using System.Globalization;
using System.Text.Json;
using IssueSync.Sdk.Patch;

namespace IssueSync.Sdk.Tests.Patch;

public class PatchValueTests
{
    public static TheoryData<string, string> WrittenJson => new()
    {
        { "string", "\"Resolved\"" },
        { "empty string", "\"\"" },
        { "long", "42" },
        { "negative long", "-9223372036854775808" },
        { "int", "7" },
        { "double", "0.25" },
        { "whole double", "3" },
        { "true", "true" },
        { "false", "false" },
        { "null", "null" },
        { "null string", "null" },
        { "json object", """{"id":"d6245f20","name":"Jane","tags":[1,2.5,true,null]}""" },
        { "json string", "\"raw\"" },
        { "relation", """{"rel":"System.LinkTypes.Related","url":"https://dev.azure.com/org/_apis/wit/workItems/3"}""" },
        { "hyperlink with comment", """{"rel":"Hyperlink","url":"https://host.example/1","attributes":{"comment":"Host issue"}}""" },
        { "date", "\"2026-03-04T05:06:07.0000000+00:00\"" },
    };

    [Theory]
    [MemberData(nameof(WrittenJson))]
    public void Every_kind_writes_its_json(string name, string expectedJson)
    {
        Assert.Equal(expectedJson, Sample(name).ToString());
    }

    [Fact]
    public void Kind_follows_the_factory()
    {
        Assert.Equal(PatchValueKind.None, default(PatchValue).Kind);
        Assert.Equal(PatchValueKind.String, Sample("string").Kind);
        Assert.Equal(PatchValueKind.Integer, Sample("long").Kind);
        Assert.Equal(PatchValueKind.Integer, Sample("int").Kind);
        Assert.Equal(PatchValueKind.Number, Sample("double").Kind);
        Assert.Equal(PatchValueKind.Boolean, Sample("true").Kind);
        Assert.Equal(PatchValueKind.Null, Sample("null").Kind);
        Assert.Equal(PatchValueKind.Null, Sample("null string").Kind);
        Assert.Equal(PatchValueKind.Json, Sample("json object").Kind);
        Assert.Equal(PatchValueKind.Relation, Sample("relation").Kind);
        Assert.Equal(PatchValueKind.String, Sample("date").Kind);
    }

    [Fact]
    public void Default_value_prints_as_empty_text()
    {
        Assert.Equal(string.Empty, default(PatchValue).ToString());
    }

    [Fact]
    public void FromJson_clones_so_the_source_document_may_be_disposed()
    {
        PatchValue value;
        using (var document = JsonDocument.Parse("""{ "a" : [ 1 , 2 ] }"""))
        {
            value = PatchValue.FromJson(document.RootElement);
        }

        Assert.Equal("""{"a":[1,2]}""", value.ToString());
    }

    [Fact]
    public void FromJson_rejects_an_undefined_element()
    {
        Assert.Throws<ArgumentException>(() => PatchValue.FromJson(default));
    }

    [Fact]
    public void FromRelation_rejects_null()
    {
        Assert.Throws<ArgumentNullException>(() => PatchValue.FromRelation(null!));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void FromDouble_rejects_values_json_cannot_hold(double value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PatchValue.FromDouble(value));
        Assert.Throws<ArgumentOutOfRangeException>(() => (PatchValue)value);
    }

    [Fact]
    public void Equal_values_are_equal_with_equal_hash_codes()
    {
        foreach (var (name, _) in WrittenJson.Select(row => ((string)row[0], (string)row[1])))
        {
            var left = Sample(name);
            var right = Sample(name);
            Assert.True(left.Equals(right), name);
            Assert.True(left == right, name);
            Assert.False(left != right, name);
            Assert.True(left.Equals((object)right), name);
            Assert.Equal(left.GetHashCode(), right.GetHashCode());
        }
    }

    [Fact]
    public void Values_of_different_kinds_or_contents_are_not_equal()
    {
        Assert.NotEqual(PatchValue.FromInt64(1), PatchValue.FromDouble(1.0));
        Assert.NotEqual(PatchValue.FromString("1"), PatchValue.FromInt64(1));
        Assert.NotEqual(PatchValue.FromString("a"), PatchValue.FromString("A"));
        Assert.NotEqual(PatchValue.FromBoolean(true), PatchValue.FromBoolean(false));
        Assert.NotEqual(PatchValue.Null, default);
        Assert.NotEqual(PatchValue.FromString(""), PatchValue.Null);
        Assert.NotEqual(Json("""{"a":1}"""), Json("""{"a":2}"""));
        Assert.True(PatchValue.FromInt64(1) != PatchValue.FromInt64(2));
        Assert.False(PatchValue.FromInt64(1).Equals("not a patch value"));
    }

    [Fact]
    public void Json_values_compare_by_content_not_by_instance()
    {
        Assert.Equal(Json("""{"a":1,"b":[true]}"""), Json("""{ "a": 1, "b": [ true ] }"""));
    }

    [Fact]
    public void Relation_values_compare_by_content()
    {
        Assert.Equal(
            PatchValue.FromRelation(PatchRelation.Hyperlink("https://x.example/", "c")),
            PatchValue.FromRelation(PatchRelation.Hyperlink("https://x.example/", "c")));
        Assert.NotEqual(
            PatchValue.FromRelation(PatchRelation.Hyperlink("https://x.example/", "c")),
            PatchValue.FromRelation(PatchRelation.Hyperlink("https://x.example/", "d")));
    }

    [Fact]
    public void TryGetString_succeeds_only_for_strings()
    {
        Assert.True(PatchValue.FromString("x").TryGetString(out var text));
        Assert.Equal("x", text);
        Assert.False(PatchValue.FromInt64(1).TryGetString(out text));
        Assert.Null(text);
        Assert.False(PatchValue.Null.TryGetString(out _));
    }

    [Fact]
    public void TryGetInt64_succeeds_only_for_whole_numbers()
    {
        Assert.True(PatchValue.FromInt64(long.MaxValue).TryGetInt64(out var number));
        Assert.Equal(long.MaxValue, number);
        Assert.False(PatchValue.FromDouble(2.0).TryGetInt64(out number));
        Assert.Equal(0, number);
        Assert.False(PatchValue.FromString("2").TryGetInt64(out _));
    }

    [Fact]
    public void TryGetDouble_succeeds_for_whole_and_floating_point_numbers()
    {
        Assert.True(PatchValue.FromDouble(-1.5).TryGetDouble(out var number));
        Assert.Equal(-1.5, number);
        Assert.True(PatchValue.FromInt64(3).TryGetDouble(out number));
        Assert.Equal(3.0, number);
        Assert.False(PatchValue.FromBoolean(true).TryGetDouble(out number));
        Assert.Equal(0, number);
    }

    [Fact]
    public void TryGetBoolean_succeeds_only_for_booleans()
    {
        Assert.True(PatchValue.FromBoolean(true).TryGetBoolean(out var flag));
        Assert.True(flag);
        Assert.True(PatchValue.FromBoolean(false).TryGetBoolean(out flag));
        Assert.False(flag);
        Assert.False(PatchValue.FromInt64(1).TryGetBoolean(out flag));
        Assert.False(flag);
    }

    [Fact]
    public void TryGetJson_succeeds_only_for_json_values()
    {
        Assert.True(Json("""{"a":1}""").TryGetJson(out var element));
        Assert.Equal(1, element.GetProperty("a").GetInt32());
        Assert.False(PatchValue.FromString("{}").TryGetJson(out element));
        Assert.Equal(JsonValueKind.Undefined, element.ValueKind);
    }

    [Fact]
    public void TryGetRelation_succeeds_only_for_relations()
    {
        var relation = PatchRelation.Hyperlink("https://x.example/");

        Assert.True(PatchValue.FromRelation(relation).TryGetRelation(out var read));
        Assert.Same(relation, read);
        Assert.False(PatchValue.FromString("https://x.example/").TryGetRelation(out read));
        Assert.Null(read);
    }

    [Fact]
    public void IsNullOrEmpty_is_true_for_none_null_and_the_empty_string_only()
    {
        Assert.True(default(PatchValue).IsNullOrEmpty);
        Assert.True(PatchValue.Null.IsNullOrEmpty);
        Assert.True(PatchValue.FromString("").IsNullOrEmpty);
        Assert.False(PatchValue.FromString("  ").IsNullOrEmpty); // white space is a value, as for the well-known fields
        Assert.False(PatchValue.FromString("x").IsNullOrEmpty);
        Assert.False(PatchValue.FromInt64(0).IsNullOrEmpty);
        Assert.False(PatchValue.FromBoolean(false).IsNullOrEmpty);
    }

    [Theory]
    [InlineData("He said \"hi\"")]
    [InlineData("back\\slash and / slash")]
    [InlineData("tab\tnew line\ncarriage\rreturn")]
    [InlineData("control \u0001\u001f characters")]
    [InlineData("naïve café – Zürich, Ελληνικά, 日本語")]
    [InlineData("emoji 😀 outside the basic plane")]
    [InlineData("<script>alert('x')</script> & <p>")]
    [InlineData("\u2028 line and paragraph \u2029 separators")]
    public void Strings_with_quotes_and_non_ascii_write_valid_json_that_parses_back_to_the_same_text(string text)
    {
        var patch = new WorkItemPatchBuilder()
            .ReplaceField("Custom.Text", text)
            .AddHyperlink("https://host.example/?q=" + text, text)
            .Build();

        using var document = JsonDocument.Parse(patch.ToUtf8Bytes());

        Assert.Equal(text, document.RootElement[0].GetProperty("value").GetString());
        var relation = document.RootElement[1].GetProperty("value");
        Assert.Equal("https://host.example/?q=" + text, relation.GetProperty("url").GetString());
        Assert.Equal(text, relation.GetProperty("attributes").GetProperty("comment").GetString());
    }

    [Fact]
    public void Quotes_are_escaped_and_non_ascii_letters_stay_readable()
    {
        Assert.Equal("\"say \\\"café\\\"\"", PatchValue.FromString("say \"café\"").ToString());
    }

    [Fact]
    public void Doubles_round_trip_through_json()
    {
        foreach (var number in new[] { 0.1, 1e-300, 1.7976931348623157e308, -0.0001, 123456.789 })
        {
            using var document = JsonDocument.Parse(PatchValue.FromDouble(number).ToString());
            Assert.Equal(number, document.RootElement.GetDouble());
        }
    }

    [Fact]
    public void WriteTo_rejects_a_null_writer()
    {
        Assert.Throws<ArgumentNullException>(() => PatchValue.Null.WriteTo(null!));
    }

    private static PatchValue Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return PatchValue.FromJson(document.RootElement);
    }

    private static PatchValue Sample(string name) => name switch
    {
        "string" => PatchValue.FromString("Resolved"),
        "empty string" => "",
        "long" => PatchValue.FromInt64(42L),
        "negative long" => long.MinValue,
        "int" => 7,
        "double" => PatchValue.FromDouble(0.25),
        "whole double" => 3.0,
        "true" => true,
        "false" => PatchValue.FromBoolean(false),
        "null" => PatchValue.Null,
        "null string" => (string?)null,
        "json object" => Json("""{ "id": "d6245f20", "name": "Jane", "tags": [1, 2.5, true, null] }"""),
        "json string" => Json("\"raw\""),
        "relation" => PatchValue.FromRelation(new PatchRelation(
            Sdk.Client.Models.WorkItemRelationType.Related, "https://dev.azure.com/org/_apis/wit/workItems/3")),
        "hyperlink with comment" => PatchRelation.Hyperlink("https://host.example/1", "Host issue"),
        "date" => PatchValue.FromDateTimeOffset(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero)),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, string.Create(CultureInfo.InvariantCulture, $"no sample '{name}'")),
    };
}
