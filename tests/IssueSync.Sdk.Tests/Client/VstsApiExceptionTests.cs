using System.Net;
using IssueSync.Sdk.Client;

namespace IssueSync.Sdk.Tests.Client;

public class VstsApiExceptionTests
{
    public static TheoryData<VstsErrorKind, bool> TransienceByKind => new()
    {
        { VstsErrorKind.Unknown, false },
        { VstsErrorKind.Unauthorized, false },
        { VstsErrorKind.Forbidden, false },
        { VstsErrorKind.NotFound, false },
        { VstsErrorKind.Conflict, false },
        { VstsErrorKind.RateLimited, true },
        { VstsErrorKind.Validation, false },
        { VstsErrorKind.Server, true },
        { VstsErrorKind.Unavailable, true },
        { VstsErrorKind.Timeout, true },
        { VstsErrorKind.Network, true },
        { VstsErrorKind.InvalidResponse, false },
    };

    [Theory]
    [MemberData(nameof(TransienceByKind))]
    public void IsTransient_follows_the_kind(VstsErrorKind kind, bool transient)
    {
        Assert.Equal(transient, new VstsApiException("failed", kind).IsTransient);
    }

    [Fact]
    public void Every_kind_has_a_transience_decision()
    {
        var covered = TransienceByKind.Select(row => (VstsErrorKind)row[0]).Order();

        Assert.Equal(Enum.GetValues<VstsErrorKind>().Order(), covered);
    }

    [Fact]
    public void Full_constructor_keeps_every_detail()
    {
        var inner = new InvalidOperationException("inner");
        var exception = new VstsApiException(
            "message", VstsErrorKind.RateLimited, HttpStatusCode.TooManyRequests, "TF400733", "RequestBlockedException",
            "TF400733: blocked", "act-1", TimeSpan.FromSeconds(3), "WorkItems.Get", inner);

        Assert.Equal("message", exception.Message);
        Assert.Equal(VstsErrorKind.RateLimited, exception.Kind);
        Assert.Equal(HttpStatusCode.TooManyRequests, exception.StatusCode);
        Assert.Equal("TF400733", exception.ErrorCode);
        Assert.Equal("RequestBlockedException", exception.TypeKey);
        Assert.Equal("TF400733: blocked", exception.ServiceMessage);
        Assert.Equal("act-1", exception.ActivityId);
        Assert.Equal(TimeSpan.FromSeconds(3), exception.RetryAfter);
        Assert.Equal("WorkItems.Get", exception.Operation);
        Assert.Same(inner, exception.InnerException);
    }

    [Fact]
    public void Standard_constructors_are_of_unknown_kind_without_status()
    {
        var inner = new InvalidOperationException("inner");

        foreach (var exception in new[] { new VstsApiException(), new VstsApiException("m"), new VstsApiException("m", inner) })
        {
            Assert.Equal(VstsErrorKind.Unknown, exception.Kind);
            Assert.Null(exception.StatusCode);
            Assert.False(exception.IsTransient);
            Assert.False(string.IsNullOrEmpty(exception.Message));
        }

        Assert.Same(inner, new VstsApiException("m", inner).InnerException);
    }
}
