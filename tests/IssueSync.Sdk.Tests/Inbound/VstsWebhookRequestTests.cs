using System.Text;
using IssueSync.Sdk.Inbound;

namespace IssueSync.Sdk.Tests.Inbound;

public sealed class VstsWebhookRequestTests
{
    [Fact]
    public void Headers_are_case_insensitive_and_the_first_value_wins()
    {
        var request = new VstsWebhookRequest(Encoding.UTF8.GetBytes("{}"), [new("Shared-Secret", "one"), new("shared-secret", "two"), new("", "x")]);

        Assert.Equal("one", request.GetHeader("SHARED-SECRET"));
        Assert.Null(request.GetHeader("Authorization"));
        Assert.Single(request.Headers);
        Assert.Equal(2, request.Body.Length);
    }

    [Fact]
    public void ToString_names_headers_but_never_shows_their_values()
    {
        var request = new VstsWebhookRequest(new byte[10], [new("Shared-Secret", "s3cr3t-value")]);

        Assert.Equal("VstsWebhookRequest { Body = 10 bytes, Headers = [Shared-Secret] }", request.ToString());
        Assert.Empty(new VstsWebhookRequest(ReadOnlyMemory<byte>.Empty).Headers);
    }
}
