using System.Text.Json.Nodes;

namespace IssueSync.Sdk.Testing.Emulator;

/// <summary>
/// What a project's process says (api-version 7.1 shapes): work item types with states and fields, the type's
/// field rules (<c>$expand</c>), the organization's field definitions, area and iteration trees
/// (<c>$depth</c>), and the processes (<c>_apis/work/processes</c>).
/// </summary>
internal static class ProcessEndpoints
{
    /// <summary>How deep a classification path may be in a URL (the route table matches fixed segment counts).</summary>
    private const int MaxNodeDepth = 6;

    public static IEnumerable<EmulatorRoute> Routes()
    {
        yield return new("GET", "wit/workitemtypes", RouteScope.Project, PreviewOnly: false, ListTypes);
        yield return new("GET", "wit/workitemtypes/{type}", RouteScope.Project, PreviewOnly: false, GetType);
        yield return new("GET", "wit/workitemtypes/{type}/fields", RouteScope.Project, PreviewOnly: false, ListTypeFields);
        yield return new("GET", "wit/workitemtypes/{type}/fields/{field}", RouteScope.Project, PreviewOnly: false, GetTypeField);
        yield return new("GET", "wit/fields", RouteScope.OptionalProject, PreviewOnly: false, ListFields);
        yield return new("GET", "wit/fields/{field}", RouteScope.OptionalProject, PreviewOnly: false, GetField);
        yield return new("GET", "wit/classificationnodes", RouteScope.Project, PreviewOnly: false, GetRootNodes);
        var pattern = "wit/classificationnodes/{group}";
        for (var depth = 0; depth <= MaxNodeDepth; depth++)
        {
            yield return new("GET", pattern, RouteScope.Project, PreviewOnly: false, GetNode);
            pattern += "/{p" + depth.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}";
        }

        yield return new("GET", "work/processes", RouteScope.Organization, PreviewOnly: false, ListProcesses);
        yield return new("GET", "work/processes/{processTypeId}", RouteScope.Organization, PreviewOnly: false, GetProcess);
    }

    public static JsonObject Process(EmulatedOrganization org, ProcessDefinition process, bool withProjects)
    {
        var json = new JsonObject
        {
            ["typeId"] = process.TypeId,
            ["name"] = process.Name,
            ["referenceName"] = process.ReferenceName,
            ["description"] = process.Description,
            ["parentProcessTypeId"] = process.ParentTypeId ?? Guid.Empty.ToString("D"),
            ["isEnabled"] = true,
            ["isDefault"] = process.IsDefault,
            ["customizationType"] = process.CustomizationType,
        };
        if (withProjects)
        {
            json["projects"] = new JsonArray([.. org.Projects.Where(p => p.Process == process.Kind).Select(p => (JsonNode)new JsonObject
            {
                ["id"] = p.Id,
                ["name"] = p.Name,
                ["description"] = p.Description,
                ["url"] = $"{org.Url}_apis/projects/{p.Id}",
            })]);
        }

        return json;
    }

    private static Task<EmulatorAnswer> ListTypes(EmulatorCall call)
    {
        var project = call.Organization.FindProject(call.Project!);
        var types = EmulatedOrganization.ProcessOf(project).Types.Select(t => (JsonNode)TypeJson(call, project, t));
        return Done(EmulatorAnswer.List(types));
    }

    private static Task<EmulatorAnswer> GetType(EmulatorCall call)
    {
        var (project, type) = FindType(call);
        return Done(EmulatorAnswer.Ok(TypeJson(call, project, type)));
    }

    private static Task<EmulatorAnswer> ListTypeFields(EmulatorCall call)
    {
        var (_, type) = FindType(call);
        var expand = ReadFieldsExpand(call);
        return Done(EmulatorAnswer.List(type.Fields.Select(f => (JsonNode)TypeFieldJson(call.Organization, f, expand))));
    }

    private static Task<EmulatorAnswer> GetTypeField(EmulatorCall call)
    {
        var (project, type) = FindType(call);
        var expand = ReadFieldsExpand(call);
        var field = ProcessTemplate.FindField(call.Values["field"]) is { } definition ? type.FindField(definition.ReferenceName) : null;
        return field is null
            ? throw new EmulatorError(404, $"TF51535: Cannot find field {call.Values["field"]}.")
            : Done(EmulatorAnswer.Ok(TypeFieldJson(call.Organization, field, expand)));
    }

    private static Task<EmulatorAnswer> ListFields(EmulatorCall call) =>
        Done(EmulatorAnswer.List(ProcessTemplate.Fields.Select(f => (JsonNode)FieldJson(call.Organization, f))));

    private static Task<EmulatorAnswer> GetField(EmulatorCall call) =>
        ProcessTemplate.FindField(call.Values["field"]) is { } field
            ? Done(EmulatorAnswer.Ok(FieldJson(call.Organization, field)))
            : throw new EmulatorError(404, $"TF51535: Cannot find field {call.Values["field"]}.");

    private static Task<EmulatorAnswer> GetRootNodes(EmulatorCall call)
    {
        var depth = call.QueryInt("$depth") ?? 0;
        var org = call.Organization;
        var roots = org.ReadClassification(() => new JsonArray(
            NodeJson(call, org.ClassificationRoot(call.Project!, isArea: true), depth),
            NodeJson(call, org.ClassificationRoot(call.Project!, isArea: false), depth)));
        return Done(EmulatorAnswer.Ok(new JsonObject { ["count"] = roots.Count, ["value"] = roots }));
    }

    private static Task<EmulatorAnswer> GetNode(EmulatorCall call)
    {
        var group = call.Values["group"];
        var isArea = string.Equals(group, "areas", StringComparison.OrdinalIgnoreCase);
        if (!isArea && !string.Equals(group, "iterations", StringComparison.OrdinalIgnoreCase))
        {
            throw EmulatorError.BadRequest($"The structure group '{group}' is not valid: use Areas or Iterations.");
        }

        var depth = call.QueryInt("$depth") ?? 0;
        var names = Enumerable.Range(0, MaxNodeDepth).Select(i => call.Values.GetValueOrDefault("p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))).OfType<string>().ToList();
        var org = call.Organization;
        var body = org.ReadClassification(() =>
        {
            var root = org.ClassificationRoot(call.Project!, isArea);
            var node = root.Find(names);
            if (node is null)
            {
                var path = "\\" + root.Name + "\\" + (isArea ? "Area" : "Iteration") + string.Concat(names.Select(n => "\\" + n));
                throw new EmulatorError(404, $"TF200014: The following node does not exist: {path}. Verify that the path of the node is correct.");
            }

            return NodeJson(call, node, depth);
        });
        return Done(EmulatorAnswer.Ok(body));
    }

    private static Task<EmulatorAnswer> ListProcesses(EmulatorCall call)
    {
        var withProjects = ReadProcessExpand(call);
        return Done(EmulatorAnswer.List(ProcessTemplate.Processes.Select(p => (JsonNode)Process(call.Organization, p, withProjects))));
    }

    private static Task<EmulatorAnswer> GetProcess(EmulatorCall call)
    {
        var withProjects = ReadProcessExpand(call);
        var id = call.Values["processTypeId"];
        var process = ProcessTemplate.Processes.FirstOrDefault(p => string.Equals(p.TypeId, id, StringComparison.OrdinalIgnoreCase))
            ?? throw new EmulatorError(404, $"The process '{id}' does not exist or you do not have permission to read it.");
        return Done(EmulatorAnswer.Ok(Process(call.Organization, process, withProjects)));
    }

    private static bool ReadProcessExpand(EmulatorCall call) => call.Query("$expand") switch
    {
        null or "" => false,
        var value when value.Equals("none", StringComparison.OrdinalIgnoreCase) => false,
        var value when value.Equals("projects", StringComparison.OrdinalIgnoreCase) => true,
        var value => throw EmulatorError.BadRequest($"The value '{value}' of $expand is not valid: use none or projects."),
    };

    /// <summary><c>$expand</c> of the type fields routes: <c>none</c>, <c>allowedValues</c>, <c>dependentFields</c> or <c>all</c> (ignoring case).</summary>
    private static string ReadFieldsExpand(EmulatorCall call)
    {
        var expand = call.Query("$expand");
        var normalized = string.IsNullOrEmpty(expand) ? "none" : expand.ToLowerInvariant();
        return normalized is "none" or "allowedvalues" or "dependentfields" or "all"
            ? normalized
            : throw EmulatorError.BadRequest($"The value '{expand}' of $expand is not valid: use None, AllowedValues, DependentFields or All.");
    }

    private static (EmulatedProject Project, WorkItemTypeDefinition Type) FindType(EmulatorCall call)
    {
        var project = call.Organization.FindProject(call.Project!);
        var type = EmulatedOrganization.ProcessOf(project).FindType(call.Values["type"])
            ?? throw EmulatorError.WorkItemTypeNotFound(call.Values["type"], project.Name);
        return (project, type);
    }

    private static JsonObject TypeJson(EmulatorCall call, EmulatedProject project, WorkItemTypeDefinition type)
    {
        var org = call.Organization;
        var url = TypeUrl(org, project, type);
        JsonArray Instances() => new([.. type.Fields.Select(f => (JsonNode)FieldInstance(org, f))]);
        var transitions = new JsonObject
        {
            [string.Empty] = new JsonArray(new JsonObject { ["to"] = type.States[0].Name, ["actions"] = null }),
        };
        foreach (var state in type.States)
        {
            transitions[state.Name] = new JsonArray([.. type.States.Where(s => s != state).Select(s => (JsonNode)new JsonObject { ["to"] = s.Name, ["actions"] = null })]);
        }

        return new JsonObject
        {
            ["name"] = type.Name,
            ["referenceName"] = type.ReferenceName,
            ["description"] = type.Description,
            ["color"] = type.Color,
            ["icon"] = new JsonObject { ["id"] = type.Icon, ["url"] = $"{org.Url}_apis/wit/workItemIcons/{type.Icon}?color={type.Color}&v=2" },
            ["isDisabled"] = false,
            ["fieldInstances"] = Instances(),
            ["fields"] = Instances(),
            ["transitions"] = transitions,
            ["states"] = new JsonArray([.. type.States.Select(s => (JsonNode)new JsonObject { ["name"] = s.Name, ["color"] = s.Color, ["category"] = s.Category })]),
            ["_links"] = new JsonObject { ["self"] = Representations.Link(url) },
            ["url"] = url,
        };
    }

    public static string TypeUrl(EmulatedOrganization org, EmulatedProject project, WorkItemTypeDefinition type) =>
        $"{org.Url}{project.Id}/_apis/wit/workItemTypes/{Uri.EscapeDataString(type.ReferenceName)}";

    /// <summary>A field as a type's <c>fieldInstances</c> list it: default value, help text, required.</summary>
    private static JsonObject FieldInstance(EmulatedOrganization org, FieldRule rule)
    {
        var json = new JsonObject { ["defaultValue"] = Value(rule.ReferenceName, rule.DefaultValue) };
        if (rule.HelpText is not null)
        {
            json["helpText"] = rule.HelpText;
        }

        json["alwaysRequired"] = rule.AlwaysRequired;
        AddReference(org, json, rule.ReferenceName);
        return json;
    }

    /// <summary>
    /// A type's field (<c>WorkItemTypeFieldWithReferences</c>): help text and required always; with <c>$expand</c>
    /// <c>allowedValues</c> or <c>all</c> also the default and the allowed values, with <c>dependentFields</c> or
    /// <c>all</c> the dependent fields (none in the emulator).
    /// </summary>
    private static JsonObject TypeFieldJson(EmulatedOrganization org, FieldRule rule, string expand)
    {
        var json = new JsonObject();
        if (rule.HelpText is not null)
        {
            json["helpText"] = rule.HelpText;
        }

        json["alwaysRequired"] = rule.AlwaysRequired;
        if (expand is "allowedvalues" or "all")
        {
            json["defaultValue"] = Value(rule.ReferenceName, rule.DefaultValue);
            json["allowedValues"] = new JsonArray([.. rule.Allowed.Select(v => (JsonNode)Value(rule.ReferenceName, v)!)]);
        }

        if (expand is "dependentfields" or "all")
        {
            json["dependentFields"] = new JsonArray();
        }

        AddReference(org, json, rule.ReferenceName);
        return json;
    }

    private static void AddReference(EmulatedOrganization org, JsonObject json, string referenceName)
    {
        json["referenceName"] = referenceName;
        json["name"] = ProcessTemplate.FindField(referenceName)?.Name ?? referenceName;
        json["url"] = $"{org.Url}_apis/wit/fields/{referenceName}";
    }

    private static JsonValue? Value(string referenceName, string? text) =>
        text is null ? null : EmulatedOrganization.TypedValue(referenceName, text);

    private static JsonObject FieldJson(EmulatedOrganization org, FieldDefinition field)
    {
        var json = new JsonObject
        {
            ["name"] = field.Name,
            ["referenceName"] = field.ReferenceName,
            ["description"] = field.Description,
            ["type"] = field.Type,
            ["usage"] = "workItem",
            ["readOnly"] = field.ReadOnly,
            ["canSortBy"] = field.Type is not ("html" or "history"),
            ["isQueryable"] = true,
            ["supportedOperations"] = new JsonArray([.. Operations(field).Select(o => (JsonNode)new JsonObject { ["referenceName"] = "SupportedOperations." + o.Key, ["name"] = o.Name })]),
            ["isIdentity"] = field.IsIdentity,
            ["isPicklist"] = field.IsPicklist,
            ["isPicklistSuggested"] = false,
        };
        if (field.PicklistId is not null)
        {
            json["picklistId"] = field.PicklistId; // present only on picklist fields
        }

        json["url"] = $"{org.Url}_apis/wit/fields/{field.ReferenceName}";
        return json;
    }

    private static IEnumerable<(string Key, string Name)> Operations(FieldDefinition field)
    {
        switch (field.Type)
        {
            case "html" or "history" or "plainText":
                yield return ("ContainsWords", "Contains Words");
                yield return ("NotContainsWords", "Does Not Contain Words");
                yield return ("IsEmpty", "Is Empty");
                yield return ("IsNotEmpty", "Is Not Empty");
                yield break;
            case "treePath":
                yield return ("Equals", "=");
                yield return ("NotEquals", "<>");
                yield return ("Under", "Under");
                yield return ("NotUnder", "Not Under");
                yield break;
        }

        yield return ("Equals", "=");
        yield return ("NotEquals", "<>");
        yield return ("GreaterThan", ">");
        yield return ("LessThan", "<");
        yield return ("GreaterThanEquals", ">=");
        yield return ("LessThanEquals", "<=");
        yield return ("In", "In");
        yield return ("NotIn", "Not In");
    }

    /// <summary>A node with its children down to <paramref name="depth"/> more levels; iterations carry their dates.</summary>
    private static JsonObject NodeJson(EmulatorCall call, ClassificationNode node, int depth)
    {
        var org = call.Organization;
        var project = org.FindProject(call.Project!);
        string Url(ClassificationNode n) =>
            $"{org.Url}{project.Id}/_apis/wit/classificationNodes/{(n.IsArea ? "Areas" : "Iterations")}" + (n.Parent is null ? string.Empty : "/" + n.RelativeUrlPath);
        var json = new JsonObject
        {
            ["id"] = node.Id,
            ["identifier"] = node.Identifier,
            ["name"] = node.Name,
            ["structureType"] = node.StructureType,
            ["hasChildren"] = node.Children.Count > 0,
            ["path"] = node.ClassificationPath,
        };
        if (!node.IsArea && (node.StartDate is not null || node.FinishDate is not null))
        {
            var attributes = new JsonObject();
            if (node.StartDate is { } start)
            {
                attributes["startDate"] = start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            }

            if (node.FinishDate is { } finish)
            {
                attributes["finishDate"] = finish.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            }

            json["attributes"] = attributes;
        }

        if (depth > 0 && node.Children.Count > 0)
        {
            json["children"] = new JsonArray([.. node.Children.Select(c => (JsonNode)NodeJson(call, c, depth - 1))]);
        }

        var links = new JsonObject { ["self"] = Representations.Link(Url(node)) };
        if (node.Parent is not null)
        {
            links["parent"] = Representations.Link(Url(node.Parent));
        }

        json["_links"] = links;
        json["url"] = Url(node);
        return json;
    }

    private static Task<EmulatorAnswer> Done(EmulatorAnswer answer) => Task.FromResult(answer);
}
