using IssueSync.Sdk.Client;

namespace IssueSync.Sdk.Subscriptions;

/// <summary>
/// A subscription operation failed as a whole. The message says what to fix and never contains the
/// webhook secret or a subscription's <c>httpHeaders</c>.
/// </summary>
public sealed class VstsSubscriptionException : Exception
{
    /// <summary>Creates an exception of kind <see cref="VstsSubscriptionErrorKind.Conflict"/>.</summary>
    public VstsSubscriptionException()
        : this("The subscription operation failed.", VstsSubscriptionErrorKind.Conflict)
    {
    }

    /// <summary>Creates an exception of kind <see cref="VstsSubscriptionErrorKind.Conflict"/> with a message.</summary>
    /// <param name="message">What failed.</param>
    public VstsSubscriptionException(string message)
        : this(message, VstsSubscriptionErrorKind.Conflict)
    {
    }

    /// <summary>Creates an exception of kind <see cref="VstsSubscriptionErrorKind.Conflict"/> with a message and a cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public VstsSubscriptionException(string message, Exception? innerException)
        : this(message, VstsSubscriptionErrorKind.Conflict, innerException)
    {
    }

    /// <summary>Creates a described exception; hosts can use it to fake failures in their tests.</summary>
    /// <param name="message">What failed and what to do, for people.</param>
    /// <param name="kind">The classification callers branch on.</param>
    /// <param name="innerException">The Azure DevOps failure (with secrets removed from its text), if any.</param>
    public VstsSubscriptionException(string message, VstsSubscriptionErrorKind kind, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>The classification callers branch on.</summary>
    public VstsSubscriptionErrorKind Kind { get; }

    /// <summary>
    /// The Azure DevOps failure behind a <see cref="VstsSubscriptionErrorKind.PermissionDenied"/> or
    /// <see cref="VstsSubscriptionErrorKind.CredentialRejected"/>, if any.
    /// </summary>
    public VstsApiException? ApiException => InnerException as VstsApiException;
}
