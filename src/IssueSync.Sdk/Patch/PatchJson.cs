using System.Text.Encodings.Web;
using System.Text.Json;

namespace IssueSync.Sdk.Patch;

/// <summary>Pre-encoded names and writer settings shared by the patch writers.</summary>
internal static class PatchJson
{
    // The body goes to a REST API, never into an HTML page: relaxed escaping keeps HTML
    // descriptions readable and compact ("<p>" instead of "\u003Cp\u003E").
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = true,
    };

    public static readonly JsonEncodedText Op = JsonEncodedText.Encode("op");
    public static readonly JsonEncodedText Path = JsonEncodedText.Encode("path");
    public static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
    public static readonly JsonEncodedText Rel = JsonEncodedText.Encode("rel");
    public static readonly JsonEncodedText Url = JsonEncodedText.Encode("url");
    public static readonly JsonEncodedText Attributes = JsonEncodedText.Encode("attributes");
    public static readonly JsonEncodedText Comment = JsonEncodedText.Encode("comment");

    private static readonly JsonEncodedText Add = JsonEncodedText.Encode("add");
    private static readonly JsonEncodedText Remove = JsonEncodedText.Encode("remove");
    private static readonly JsonEncodedText Replace = JsonEncodedText.Encode("replace");
    private static readonly JsonEncodedText Test = JsonEncodedText.Encode("test");

    public static JsonEncodedText OperationName(WorkItemPatchOperationType type) => type switch
    {
        WorkItemPatchOperationType.Add => Add,
        WorkItemPatchOperationType.Remove => Remove,
        WorkItemPatchOperationType.Replace => Replace,
        WorkItemPatchOperationType.Test => Test,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown JSON-Patch operation."),
    };
}
