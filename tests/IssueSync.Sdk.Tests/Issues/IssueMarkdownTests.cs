using IssueSync.Sdk.Issues;

namespace IssueSync.Sdk.Tests.Issues;

public sealed class IssueMarkdownTests
{
    [Theory]
    [InlineData("Fix this.", "<p>Fix this.</p>\n")]
    [InlineData("# Crash on login", "<h1>Crash on login</h1>\n")]
    [InlineData("## Steps", "<h2>Steps</h2>\n")]
    [InlineData("Call `Login()` now", "<p>Call <code>Login()</code> now</p>\n")]
    [InlineData("```csharp\nvar x = 1 < 2;\n```", "<pre><code class=\"language-csharp\">var x = 1 &lt; 2;\n</code></pre>\n")]
    [InlineData("[Issue](https://host.example/issues/1?a=1&b=2)", "<p><a href=\"https://host.example/issues/1?a=1&amp;b=2\">Issue</a></p>\n")]
    [InlineData("<https://host.example/x>", "<p><a href=\"https://host.example/x\">https://host.example/x</a></p>\n")]
    [InlineData("[rel](/issues/1)", "<p><a href=\"/issues/1\">rel</a></p>\n")]
    [InlineData("[mail](mailto:a@b.example)", "<p><a href=\"mailto:a@b.example\">mail</a></p>\n")]
    public void Markdown_becomes_html(string markdown, string html) => Assert.Equal(html, IssueMarkdown.ToHtml(markdown));

    [Fact]
    public void Raw_html_script_is_escaped_not_passed_through()
    {
        var html = IssueMarkdown.ToHtml("Hello <script>alert('x')</script>\n\n<script>alert(1)</script>");

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("<p>Hello &lt;script&gt;alert('x')&lt;/script&gt;</p>\n<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n", html);
    }

    [Fact]
    public void Inline_html_attributes_are_escaped()
    {
        var html = IssueMarkdown.ToHtml("<img src=x onerror=alert(1)>");

        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("[x](JavaScript:alert(1))")]
    [InlineData("![x](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("<vbscript:msgbox>")]
    public void Script_urls_lose_their_target(string markdown)
    {
        var html = IssueMarkdown.ToHtml(markdown);

        Assert.DoesNotContain("script:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"#\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Nothing_gives_nothing(string? markdown) => Assert.Equal(string.Empty, IssueMarkdown.ToHtml(markdown));
}
