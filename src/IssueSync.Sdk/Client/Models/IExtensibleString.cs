namespace IssueSync.Sdk.Client.Models;

/// <summary>
/// Implemented by the SDK's extensible string values (states, types, statuses) so one JSON
/// converter serves them all.
/// </summary>
/// <typeparam name="TSelf">The implementing value type.</typeparam>
internal interface IExtensibleString<TSelf>
    where TSelf : struct, IExtensibleString<TSelf>
{
    string Value { get; }

    static abstract TSelf Create(string value);
}
