using System.Text.Json.Nodes;

namespace IssueSync.Sdk.Testing.Emulator;

/// <summary>One field a work item rule rejected: its reference and display names and the field status flags (e.g. <c>Required</c>, <c>InvalidEmpty</c>).</summary>
internal sealed record RuleFailure(string FieldReferenceName, string FieldName, IReadOnlyList<string> Flags, string? Message = null)
{
    public string ErrorMessage => Message ?? $"TF401320: Rule Error for field {FieldName}. Error code: {string.Join(", ", Flags)}.";

    /// <summary>The flags as <c>fieldStatusFlags</c> spells them: <c>required, invalidEmpty</c>.</summary>
    public string StatusFlags => string.Join(", ", Flags.Select(f => char.ToLowerInvariant(f[0]) + f[1..]));

    public int StatusCode => Flags.Sum(RuleErrors.Bit);
}

/// <summary>
/// Azure DevOps' rule errors (400, <c>RuleValidationException</c>, eventId 3200): the first failure's message
/// (plus a count of the others), and <c>customProperties</c> with <c>FieldReferenceName</c>,
/// <c>FieldStatusFlags</c>, <c>ErrorMessage</c>, <c>FieldStatusCode</c> and one <c>RuleValidationErrors</c> entry
/// per field, as a real TF401320 answer carries them.
/// </summary>
internal static class RuleErrors
{
    public const string TypeKey = "RuleValidationException";

    /// <summary>
    /// The flag values behind <c>fieldStatusCode</c>. Required | InvalidEmpty = 524289 is what Azure DevOps answers;
    /// the other values are the emulator's own (not documented).
    /// </summary>
    public static int Bit(string flag) => flag switch
    {
        "Required" => 0x1,
        "ReadOnly" => 0x2,
        "HasValues" => 0x4,
        "LimitedToValues" => 0x8,
        "AllowsOldValue" => 0x40,
        "InvalidEmpty" => 0x80000,
        "InvalidListValue" => 0x400000,
        "InvalidTooLong" => 0x4000000,
        "InvalidType" => 0x8000000,
        _ => 0,
    };

    public static EmulatorError Create(IReadOnlyList<RuleFailure> failures)
    {
        var first = failures[0];
        var others = failures.Count - 1;
        var message = others switch
        {
            0 => first.ErrorMessage,
            1 => first.ErrorMessage + " One additional error occurred during validation of the work item. Please correct all errors and try again.",
            _ => first.ErrorMessage + $" {others} additional errors occurred during validation of the work item. Please correct all errors and try again.",
        };
        var properties = new JsonObject
        {
            ["FieldReferenceName"] = others == 0 ? first.FieldReferenceName : null,
            ["FieldStatusFlags"] = others == 0 ? first.StatusFlags : "none",
            ["ErrorMessage"] = message,
            ["FieldStatusCode"] = others == 0 ? first.StatusCode : 0,
            ["RuleValidationErrors"] = new JsonArray([.. failures.Select(f => (JsonNode)new JsonObject
            {
                ["fieldReferenceName"] = f.FieldReferenceName,
                ["fieldStatusFlags"] = f.StatusFlags,
                ["errorMessage"] = f.ErrorMessage,
                ["fieldStatusCode"] = f.StatusCode,
                ["ruleValidationErrors"] = null,
            })]),
        };
        return new EmulatorError(400, message, TypeKey, properties) { EventId = 3200 };
    }

    public static EmulatorError Create(RuleFailure failure) => Create([failure]);

    /// <summary>
    /// A value of the wrong data type (text for an integer field): <c>TF401326: Invalid field status 'InvalidType' for field '…'.</c>
    /// with the rule error shape. Assumption: the emulator's wording; Azure DevOps' body for this case is not documented.
    /// </summary>
    public static EmulatorError InvalidType(string referenceName, string name) =>
        Create(new RuleFailure(referenceName, name, ["InvalidType"], $"TF401326: Invalid field status 'InvalidType' for field '{referenceName}'."));
}
