namespace IssueSync.Sdk.Patch;

/// <summary>What a <see cref="PatchValue"/> holds.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "String and Integer are the JSON value kinds.")]
internal enum PatchValueKind
{
    /// <summary>No value at all (the operation writes no <c>value</c> member, as <c>remove</c> does).</summary>
    None = 0,

    /// <summary>JSON <c>null</c>.</summary>
    Null,

    /// <summary>A string.</summary>
    String,

    /// <summary>A whole number.</summary>
    Integer,

    /// <summary>A floating-point number.</summary>
    Number,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>Any JSON value, written as given (e.g. an identity object).</summary>
    Json,

    /// <summary>A relation object (<see cref="PatchRelation"/>).</summary>
    Relation,
}
