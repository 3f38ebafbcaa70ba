namespace IssueSync.Sdk.Redis;

/// <summary>
/// The Redis sync state could not do an operation: Redis was unreachable, did not answer in time, or
/// refused the command. The message names the operation and the endpoint (<c>host:port</c>), never a
/// password. The inbound handler answers a delivery 503 on it, so Azure DevOps delivers it again; the
/// StackExchange.Redis exception is the <see cref="Exception.InnerException"/>.
/// </summary>
public sealed class RedisSyncStateException : Exception
{
    /// <summary>Creates an exception with a default message.</summary>
    public RedisSyncStateException()
        : base("The Redis sync state failed.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public RedisSyncStateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public RedisSyncStateException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a failed operation.</summary>
    /// <param name="operation">The operation, e.g. <c>IDeliveryDedupeStore.TryClaimAsync</c>.</param>
    /// <param name="endpoint">The Redis endpoint(s), <c>host:port</c>, without credentials.</param>
    /// <param name="reason">Why it failed, e.g. <c>unreachable (UnableToConnect)</c>.</param>
    /// <param name="innerException">The StackExchange.Redis exception.</param>
    public RedisSyncStateException(string operation, string endpoint, string reason, Exception? innerException)
        : base($"The Redis sync state could not complete {operation}: Redis at {endpoint} {reason}.", innerException)
    {
        Operation = operation;
        Endpoint = endpoint;
    }

    /// <summary>The operation that failed, e.g. <c>IDeliveryDedupeStore.TryClaimAsync</c>; <see langword="null"/> when not given.</summary>
    public string? Operation { get; }

    /// <summary>The Redis endpoint(s) as <c>host:port</c>, without credentials; <see langword="null"/> when not given.</summary>
    public string? Endpoint { get; }
}
