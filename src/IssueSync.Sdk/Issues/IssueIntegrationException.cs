using System.Collections.ObjectModel;
using IssueSync.Sdk.Diagnostics;

namespace IssueSync.Sdk.Issues;

/// <summary>
/// A problem an <see cref="IIssueIntegration"/> reports to the host's user: an invalid form (with the
/// offending fields in <see cref="FieldErrors"/>), a rejected search, or a settings save that lost
/// every compare-and-set race. Failures of Azure DevOps itself (unavailable, unauthorized, not found)
/// are <see cref="Client.VstsApiException"/>s and are not wrapped.
/// </summary>
public class IssueIntegrationException : Exception, IErrorKindSource
{
    private static readonly IReadOnlyDictionary<string, string> NoFieldErrors =
        new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>Creates a validation error without field errors.</summary>
    public IssueIntegrationException()
        : this("The issue request is invalid.")
    {
    }

    /// <summary>Creates a validation error with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public IssueIntegrationException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates a validation error with a message and a cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The underlying failure, e.g. Azure DevOps' rule error.</param>
    public IssueIntegrationException(string message, Exception? innerException)
        : this(message, IssueIntegrationErrorKind.Validation, fieldErrors: null, innerException)
    {
    }

    /// <summary>Creates a fully described error; hosts can use it to fake failures in their tests.</summary>
    /// <param name="message">What is wrong, for people.</param>
    /// <param name="kind">The classification callers branch on.</param>
    /// <param name="fieldErrors">Messages per form field name (see <see cref="CreateIssueFields"/>); none when <see langword="null"/>.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public IssueIntegrationException(
        string message,
        IssueIntegrationErrorKind kind,
        IReadOnlyDictionary<string, string>? fieldErrors = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        FieldErrors = fieldErrors is null || fieldErrors.Count == 0
            ? NoFieldErrors
            : new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(fieldErrors, StringComparer.Ordinal));
    }

    /// <summary>The classification callers branch on.</summary>
    public IssueIntegrationErrorKind Kind { get; }

    /// <inheritdoc />
    string IErrorKindSource.ErrorKind => Kind.ToString();

    /// <summary>
    /// Messages per form field, e.g. <c>project</c> → <c>Project is required.</c> or <c>Title</c> →
    /// <c>Title is required.</c> (Azure DevOps' field name from a <c>TF401320</c> rule error). Empty
    /// when the problem is not tied to a field.
    /// </summary>
    public IReadOnlyDictionary<string, string> FieldErrors { get; }

    internal static IssueIntegrationException ForField(string field, string message, Exception? innerException = null) =>
        new(message, IssueIntegrationErrorKind.Validation, new Dictionary<string, string> { [field] = message }, innerException);
}
