using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IssueSync.Sdk.Testing;

namespace IssueSync.Sdk.IntegrationTests.Emulator;

/// <summary>Comment HTML is sanitised as Azure DevOps sanitises it, whichever way the comment is written.</summary>
public sealed class SanitizerTests : IDisposable
{
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    [Theory]
    [InlineData("<p>Fixed<!-- issuesync:42 --> in build 12</p>", "<p>Fixed in build 12</p>")]
    [InlineData("<!-->empty<!--->abrupt<!-- unterminated", "emptyabrupt")]
    [InlineData("<p data-issuesync-id=\"7\" DATA-X='y'>Seen</p>", "<p>Seen</p>")]
    [InlineData("<custom-tag>build <blink>12</blink></custom-tag> <font color=red>red</font>", "build 12 red")]
    [InlineData("<p>Before</p><script>alert('<p>x</p>')</script><SCRIPT type=\"x\">y()</SCRIPT ><style>p{color:red}</style><p>After</p>", "<p>Before</p><p>After</p>")]
    [InlineData("<p>no end<script>steal()", "<p>no end")]
    [InlineData("<a href=\"javascript:alert(1)\">a</a><a href=\"java&#115;cript:x\">b</a><img src=\"data:image/png;base64,AAAA\" alt=\"c\">", "<a>a</a><a>b</a><img alt=\"c\">")]
    [InlineData("<div onclick=\"x()\" class=\"k\" style=\"color:red\">d</div><!DOCTYPE html><?xml version=\"1.0\"?>", "<div>d</div>")]
    [InlineData("a < b and c<3 <", "a &lt; b and c&lt;3 &lt;")]
    public async Task Html_comments_unknown_tags_data_attributes_and_scripts_are_stripped_and_text_is_kept(string written, string stored)
    {
        await using var emulator = await VstsEmulator.StartAsync();
        var item = emulator.Organization.AddWorkItem("Project 1", "Bug", "Crash");

        var answered = await AddCommentAsync(emulator, item.Id, written);

        Assert.Equal(stored, answered);
        Assert.Equal(stored, Assert.Single(emulator.Organization.GetComments(item.Id)).Text);
    }

    [Fact]
    public async Task Allowed_formatting_tags_are_kept_with_their_allowed_attributes_only()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        var item = emulator.Organization.AddWorkItem("Project 1", "Bug", "Crash");
        const string Written =
            "<h2>Steps</h2><ol><li><b>Open</b> <A HREF=\"https://example.com/a?b=1&amp;c=2\" target=\"_blank\" title=\"t\">the page</A></li>"
            + "<li><strong>s</strong><i>i</i><em>e</em><u>u</u><s>x</s><code>c</code><span>sp</span></li></ol>"
            + "<ul><li>one</li></ul><pre>p</pre><blockquote>q</blockquote><h1>1</h1><h3>3</h3><h4>4</h4><h5>5</h5><h6>6</h6>"
            + "<table><thead><tr><th colspan=\"2\" width=\"9\">A</th></tr></thead><tbody><tr><td rowspan=2>1</td></tr></tbody></table>"
            + "<img src='/_apis/wit/attachments/1' alt=\"shot\" onerror=\"x()\"><br/><hr><p>mail <a href=\"mailto:ada@example.com\">Ada</a></p>";
        const string Stored =
            "<h2>Steps</h2><ol><li><b>Open</b> <a href=\"https://example.com/a?b=1&amp;c=2\">the page</a></li>"
            + "<li><strong>s</strong><i>i</i><em>e</em><u>u</u><s>x</s><code>c</code><span>sp</span></li></ol>"
            + "<ul><li>one</li></ul><pre>p</pre><blockquote>q</blockquote><h1>1</h1><h3>3</h3><h4>4</h4><h5>5</h5><h6>6</h6>"
            + "<table><thead><tr><th colspan=\"2\">A</th></tr></thead><tbody><tr><td rowspan=\"2\">1</td></tr></tbody></table>"
            + "<img src=\"/_apis/wit/attachments/1\" alt=\"shot\"><br /><hr><p>mail <a href=\"mailto:ada@example.com\">Ada</a></p>";

        var answered = await AddCommentAsync(emulator, item.Id, Written);

        Assert.Equal(Stored, answered);
    }

    [Fact]
    public async Task An_edit_and_a_history_comment_are_sanitised_and_a_markdown_comment_is_kept_as_written()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        var item = emulator.Organization.AddWorkItem("Project 1", "Bug", "Crash");
        var commentId = (await PostCommentAsync(emulator, item.Id, "<p>first</p>", format: null))["id"]!.GetValue<int>();

        using var edit = RawRequests.Authorized(emulator, HttpMethod.Patch, $"Project%201/_apis/wit/workItems/{item.Id}/comments/{commentId}?api-version=7.1-preview.4");
        edit.Content = new StringContent(new JsonObject { ["text"] = "<p data-v=\"2\">second<!-- v2 --></p>" }.ToJsonString(), Encoding.UTF8, "application/json");
        using var edited = await _http.SendAsync(edit);
        using var history = RawRequests.Authorized(emulator, HttpMethod.Patch, $"_apis/wit/workitems/{item.Id}?api-version=7.1");
        history.Content = new StringContent("""[{"op":"add","path":"/fields/System.History","value":"<p>From the host<!-- issuesync --><x-mark>!</x-mark></p>"}]""", Encoding.UTF8, "application/json-patch+json");
        using var patched = await _http.SendAsync(history);
        var markdown = await PostCommentAsync(emulator, item.Id, "Fixed <!-- keep --> in **12**", format: "markdown");
        using var patchAnswer = JsonDocument.Parse(await patched.Content.ReadAsStringAsync());

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (edited.StatusCode, patched.StatusCode));
        Assert.Equal(
            ["<p>second</p>", "<p>From the host!</p>", "Fixed <!-- keep --> in **12**"],
            emulator.Organization.GetComments(item.Id).Select(c => c.Text));
        Assert.Equal("<p>From the host!</p>", patchAnswer.RootElement.GetProperty("fields").GetProperty("System.History").GetString());
        Assert.Equal("Fixed <!-- keep --> in **12**", markdown["text"]!.GetValue<string>());
    }

    private async Task<string> AddCommentAsync(VstsEmulator emulator, int workItemId, string text) =>
        (await PostCommentAsync(emulator, workItemId, text, format: null))["text"]!.GetValue<string>();

    private async Task<JsonNode> PostCommentAsync(VstsEmulator emulator, int workItemId, string text, string? format)
    {
        var query = format is null ? string.Empty : "&format=" + format;
        using var request = RawRequests.Authorized(emulator, HttpMethod.Post, $"Project%201/_apis/wit/workItems/{workItemId}/comments?api-version=7.1-preview.4{query}");
        request.Content = new StringContent(new JsonObject { ["text"] = text }.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!;
    }
}
