namespace IssueSync.Sdk.Testing.Emulator;

/// <summary>
/// What happened to one request on its way through the emulator, for its <see cref="EmulatedRequest"/> entry:
/// the fault that fired, the status processing came to, and whether a fault took the answer over.
/// </summary>
internal sealed class EmulatorExchange
{
    public EmulatorFault? Fault { get; set; }

    /// <summary>The status of routing and the endpoint; set when processed (for a late commit, when applied).</summary>
    public int? ProcessedStatusCode { get; set; }

    /// <summary>A fault reset the connection or wrote the answer itself: the pipeline writes nothing.</summary>
    public bool ResponseHandled { get; set; }

    /// <summary>The connection was reset: the client got no answer.</summary>
    public bool Aborted { get; set; }

    /// <summary>The log entry, once written (a late commit applied afterwards replaces it). Read and written under the emulator's lock.</summary>
    public EmulatedRequest? Logged { get; set; }
}
