namespace IssueSync.Sdk.Diagnostics;

/// <summary>
/// An exception that carries a kind callers branch on. A failed operation is tagged with the kind
/// (<c>error.type</c> on its span, <c>error.kind</c> on its duration) instead of the exception's
/// type name, without diagnostics knowing the feature that threw it.
/// </summary>
internal interface IErrorKindSource
{
    /// <summary>The kind's name as traces and metrics show it, e.g. <c>NotFound</c>.</summary>
    string ErrorKind { get; }
}
