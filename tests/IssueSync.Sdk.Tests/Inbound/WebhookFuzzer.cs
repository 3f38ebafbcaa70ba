using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace IssueSync.Sdk.Tests.Inbound;

/// <summary>
/// Derives mutated webhook bodies from the corpus, deterministically from a <see cref="Random"/>: first as a tree
/// (values swapped for another type, properties dropped or duplicated, huge or negative numbers, wrong types for ids
/// and revisions, deep nesting, escaped strings), then as bytes (truncated, flipped, inserted, deleted, padded).
/// Most bodies keep the corpus' organization and get fresh delivery ids, so they reach the handler's later steps.
/// </summary>
internal sealed class WebhookFuzzer(Random random)
{
    /// <summary>Values that are wrong, odd or extreme for an id, a revision or a name.</summary>
    private static readonly string[] OddValues =
    [
        "0", "-1", "-2147483648", "2147483647", "2147483648", "99999999999999999999999", "1e400", "-0", "1.5", "1e2",
        "\"\"", "\" \"", "\"12\"", "\" 12 \"", "\"-3\"", "\"1_2\"", "\"\\u0031\\u0033\"", "\"abc\"", "\"\\uD800\"", "\"\\u0000\"",
        "true", "false", "null", "{}", "[]", "[1]", "{\"id\":1}", "{\"oldValue\":1,\"newValue\":2}", "{\"newValue\":null}",
        "\"lauryn <lauryn@sentry.io>\"", "\"<>\"", "\"@\"", "{\"uniqueName\":\"ada@example.com\"}", "{\"uniqueName\":42}",
    ];

    /// <summary>Where the handler reads routing, dedupe and sync values; mutated more often than the rest of the tree.</summary>
    private static readonly string[][] HotPaths =
    [
        ["eventType"], ["id"], ["subscriptionId"], ["notificationId"],
        ["resource", "id"], ["resource", "workItemId"], ["resource", "rev"], ["resource", "revisedBy"], ["resource", "revisedBy", "id"],
        ["resource", "fields"], ["resource", "fields", "System.Rev"], ["resource", "fields", "System.State"], ["resource", "fields", "System.AssignedTo"],
        ["resource", "fields", "System.History"], ["resource", "fields", "System.ChangedBy"], ["resource", "fields", "System.ChangedDate"],
        ["resource", "commentVersionRef"], ["resource", "commentVersionRef", "commentId"],
        ["resource", "revision"], ["resource", "revision", "id"], ["resource", "revision", "rev"], ["resource", "revision", "fields", "System.WorkItemType"],
        ["resource", "revision", "fields", "System.TeamProject"], ["resource", "revision", "fields", "System.State"],
        ["resourceContainers"], ["resourceContainers", "collection"], ["resourceContainers", "project", "id"],
    ];

    private readonly Dictionary<string, string> _substitutions = new(StringComparer.Ordinal);

    /// <summary>The next body and a short description of what was done to it (for a failure message).</summary>
    public (byte[] Body, string Description) Next(int iteration)
    {
        _substitutions.Clear();
        var name = WebhookPayloads.Names[random.Next(WebhookPayloads.Names.Count)];
        var payload = WebhookPayloads.Edit(name);
        var steps = new List<string> { name };
        if (random.Next(5) > 0)
        {
            payload.AsDelivery(100_000 + iteration);
        }

        if (random.Next(4) == 0)
        {
            // An item without a watermark yet: an odd revision is not simply stale then.
            payload.WithWorkItemId(10_000 + iteration);
        }

        if (random.Next(3) == 0)
        {
            payload.WithRev(random.Next(1, 40), asString: random.Next(4) == 0);
        }

        var root = payload.Root;
        for (var i = random.Next(4); i > 0; i--)
        {
            steps.Add(MutateTree(root));
        }

        var text = root.ToJsonString();
        foreach (var (placeholder, json) in _substitutions)
        {
            text = text.Replace(placeholder, json, StringComparison.Ordinal);
        }

        var body = Encoding.UTF8.GetBytes(text);
        for (var i = random.Next(10) < 3 ? random.Next(1, 3) : 0; i > 0; i--)
        {
            (body, var step) = MutateBytes(body);
            steps.Add(step);
        }

        return (body, string.Join(", ", steps));
    }

    private string MutateTree(JsonObject root)
    {
        var (parent, key) = random.Next(2) == 0 ? HotSpot(root) : AnySpot(root);
        if (parent is null)
        {
            return "nothing to mutate";
        }

        switch (random.Next(7))
        {
            case 0:
                Set(parent, key, Raw(OddValues[random.Next(OddValues.Length)]));
                return $"odd value at {key}";
            case 1 when parent is JsonObject obj:
                obj.Remove((string)key);
                return $"dropped {key}";
            case 2 when parent is JsonObject obj:
                // A second property of the same name (the reader sees both; JsonNode cannot hold them).
                var duplicate = Placeholder("\"" + Escaped((string)key, escapeAll: false) + "\"");
                obj[duplicate] = random.Next(2) == 0 ? Get(parent, key)?.DeepClone() : Raw(OddValues[random.Next(OddValues.Length)]);
                return $"duplicated {key}";
            case 3:
                var depth = new[] { 8, 63, 64, 65, 500 }[random.Next(5)];
                Set(parent, key, Raw(new string('[', depth) + "1" + new string(']', depth)));
                return $"nested {depth} deep at {key}";
            case 4 when Get(parent, key) is JsonValue value && value.TryGetValue<string>(out var text):
                Set(parent, key, Raw("\"" + Escaped(text, escapeAll: true) + "\""));
                return $"escaped {key}";
            case 5:
                Set(parent, key, Raw(random.Next(2) == 0 ? "12345678901234567890123456789" : "-" + random.Next(0, 3).ToString(CultureInfo.InvariantCulture)));
                return $"huge or negative number at {key}";
            default:
                Set(parent, key, SwappedType(Get(parent, key)));
                return $"swapped type at {key}";
        }
    }

    private (byte[] Body, string Step) MutateBytes(byte[] body)
    {
        if (body.Length == 0)
        {
            return (body, "empty");
        }

        var at = random.Next(body.Length);
        switch (random.Next(5))
        {
            case 0:
                return (body[..at], $"truncated at {at}");
            case 1:
                var flipped = (byte[])body.Clone();
                flipped[at] ^= (byte)(1 << random.Next(8));
                return (flipped, $"flipped a bit at {at}");
            case 2:
                var inserted = new byte[random.Next(1, 4)];
                random.NextBytes(inserted);
                return ([.. body[..at], .. inserted, .. body[at..]], $"inserted {inserted.Length} bytes at {at}");
            case 3:
                var end = Math.Min(body.Length, at + random.Next(1, 16));
                return ([.. body[..at], .. body[end..]], $"deleted {at}..{end}");
            default:
                // Over the fuzz kit's limit now and then: 413 is one of the answers.
                return random.Next(10) == 0 ? ([.. body, .. new byte[20_000]], "padded") : (body, "kept");
        }
    }

    private (JsonNode? Parent, object Key) HotSpot(JsonObject root)
    {
        var path = HotPaths[random.Next(HotPaths.Length)];
        JsonNode? parent = root;
        for (var i = 0; i < path.Length - 1; i++)
        {
            parent = parent is JsonObject obj ? obj[path[i]] : null;
        }

        return parent is JsonObject container && container.ContainsKey(path[^1]) ? (container, path[^1]) : AnySpot(root);
    }

    private (JsonNode? Parent, object Key) AnySpot(JsonObject root)
    {
        var spots = new List<(JsonNode Parent, object Key)>();
        Collect(root, spots);
        return spots.Count == 0 ? (null, string.Empty) : spots[random.Next(spots.Count)];
    }

    private static void Collect(JsonNode node, List<(JsonNode Parent, object Key)> spots)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    spots.Add((obj, name));
                    if (child is not null)
                    {
                        Collect(child, spots);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    spots.Add((array, i));
                    if (array[i] is { } child)
                    {
                        Collect(child, spots);
                    }
                }

                break;
        }
    }

    private static JsonNode? Get(JsonNode parent, object key) => parent is JsonObject obj ? obj[(string)key] : parent.AsArray()[(int)key];

    private static void Set(JsonNode parent, object key, JsonNode? value)
    {
        if (parent is JsonObject obj)
        {
            obj[(string)key] = value;
        }
        else
        {
            parent.AsArray()[(int)key] = value;
        }
    }

    private JsonNode? SwappedType(JsonNode? value) => value switch
    {
        JsonObject => new JsonArray(1, "two"),
        JsonArray => JsonValue.Create("not an array"),
        null => new JsonObject { ["was"] = "null" },
        JsonValue v when v.TryGetValue<string>(out _) => random.Next(2) == 0 ? JsonValue.Create(42) : new JsonObject(),
        _ => JsonValue.Create("7"),
    };

    /// <summary>A value written as raw JSON text into the body (the tree holds a placeholder string until then).</summary>
    private JsonValue Raw(string json) => JsonValue.Create(Placeholder(json));

    private string Placeholder(string json)
    {
        var placeholder = $"__fuzz_{_substitutions.Count}__";
        // A value placeholder is a JSON string in the body (quotes included); a name placeholder's quotes are in json.
        _substitutions["\"" + placeholder + "\""] = json;
        return placeholder;
    }

    /// <summary>
    /// The JSON string content of <paramref name="text"/>: characters JSON requires escaped always are, others at random
    /// (or all, with <paramref name="escapeAll"/>) as <c>\uXXXX</c>; now and then a lone surrogate escape is added.
    /// </summary>
    private string Escaped(string text, bool escapeAll)
    {
        var escaped = new StringBuilder();
        foreach (var c in text)
        {
            if (c is '"' or '\\' || c < ' ' || escapeAll || random.Next(4) == 0)
            {
                escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                escaped.Append(c);
            }
        }

        if (random.Next(8) == 0)
        {
            escaped.Append(random.Next(2) == 0 ? "\\uD800" : "\\uDC00\\n");
        }

        return escaped.ToString();
    }
}
