namespace IssueSync.Sdk.Sync;

/// <summary>What a work item state change means for the linked host groups.</summary>
public enum ResolveSyncAction
{
    /// <summary>Leave the groups as they are.</summary>
    None,

    /// <summary>Resolve the groups: the item moved from a not-done state to a done one.</summary>
    Resolve,

    /// <summary>Unresolve the groups: the item moved from a done state to a not-done one, or was created not done.</summary>
    Unresolve,
}
