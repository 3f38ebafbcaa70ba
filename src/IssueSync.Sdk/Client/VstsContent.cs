using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using IssueSync.Sdk.Patch;

namespace IssueSync.Sdk.Client;

/// <summary>Request bodies as buffered bytes, so a handler can resend them (retry, 401 refresh).</summary>
internal static class VstsContent
{
    private static readonly MediaTypeHeaderValue JsonMediaType = MediaTypeHeaderValue.Parse("application/json");
    private static readonly MediaTypeHeaderValue PatchMediaType = MediaTypeHeaderValue.Parse(WorkItemPatch.MediaType);

    public static ByteArrayContent Json<T>(T value, JsonTypeInfo<T> typeInfo) =>
        WithType(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), JsonMediaType);

    public static ByteArrayContent Patch(WorkItemPatch patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        return WithType(patch.ToUtf8Bytes(), PatchMediaType);
    }

    private static ByteArrayContent WithType(byte[] body, MediaTypeHeaderValue mediaType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = mediaType;
        return content;
    }
}
