using System.Text.Json;

namespace IssueSync.Sdk.Inbound.Triage;

/// <summary>
/// The first pass over a webhook body: one forward <see cref="Utf8JsonReader"/> scan, straight from
/// the request bytes, that records where the values routing, verification, dedupe and the sync need
/// are (<see cref="WebhookEnvelope"/>) and skips everything else. It validates the whole body as
/// JSON and allocates nothing.
/// </summary>
internal static class WebhookTriage
{
    /// <summary>Why a body is not a webhook.</summary>
    internal enum Failure
    {
        None,
        NotJson,
        NotAnObject,
        NoEventType,
        NoCollectionId,
    }

    /// <summary>Scans <paramref name="body"/>.</summary>
    /// <param name="body">The UTF-8 request body.</param>
    /// <param name="envelope">What was found; meaningful only when the result is <see cref="Failure.None"/>.</param>
    /// <returns><see cref="Failure.None"/>, or why the body is not an Azure DevOps webhook.</returns>
    public static Failure Read(ReadOnlySpan<byte> body, out WebhookEnvelope envelope)
    {
        envelope = default;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read())
            {
                return Failure.NotJson;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                // Still a JSON document? Read it through so "not JSON" and "not an object" differ.
                reader.Skip();
                while (reader.Read())
                {
                }

                return Failure.NotAnObject;
            }

            ReadRoot(ref reader, ref envelope);

            // Trailing content after the object makes Read throw: the body must be one JSON value.
            while (reader.Read())
            {
            }
        }
        catch (JsonException)
        {
            return Failure.NotJson;
        }
        catch (InvalidOperationException)
        {
            // A property name that escapes a lone surrogate: the reader cannot compare it, the body cannot be read.
            return Failure.NotJson;
        }

        if (envelope.EventType.Type != JsonTokenType.String)
        {
            return Failure.NoEventType;
        }

        if (envelope.CollectionId.Type != JsonTokenType.String || envelope.CollectionId.Length == 0)
        {
            return Failure.NoCollectionId;
        }

        envelope.Kind = KindOf(body, envelope.EventType);
        return Failure.None;
    }

    private static WebhookEventKind KindOf(ReadOnlySpan<byte> body, JsonSlice eventType) =>
        eventType.TextEquals(body, "workitem.updated"u8) ? WebhookEventKind.WorkItemUpdated
        : eventType.TextEquals(body, "workitem.created"u8) ? WebhookEventKind.WorkItemCreated
        : eventType.TextEquals(body, "workitem.deleted"u8) ? WebhookEventKind.WorkItemDeleted
        : eventType.TextEquals(body, "workitem.commented"u8) ? WebhookEventKind.WorkItemCommented
        : WebhookEventKind.Other;

    private static void ReadRoot(ref Utf8JsonReader reader, ref WebhookEnvelope envelope)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("resource"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadResource(ref reader, ref envelope);
                    continue;
                }
            }
            else if (reader.ValueTextEquals("resourceContainers"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadContainers(ref reader, ref envelope);
                    continue;
                }
            }
            else if (reader.ValueTextEquals("eventType"u8))
            {
                envelope.EventType = ScalarValue(ref reader);
                continue;
            }
            else if (reader.ValueTextEquals("subscriptionId"u8))
            {
                envelope.SubscriptionId = ScalarValue(ref reader);
                continue;
            }
            else if (reader.ValueTextEquals("notificationId"u8))
            {
                envelope.NotificationId = ScalarValue(ref reader);
                continue;
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                envelope.EventId = ScalarValue(ref reader);
                continue;
            }
            else
            {
                reader.Read();
            }

            reader.Skip();
        }
    }

    private static void ReadContainers(ref Utf8JsonReader reader, ref WebhookEnvelope envelope)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var collection = reader.ValueTextEquals("collection"u8);
            var project = !collection && reader.ValueTextEquals("project"u8);
            reader.Read();
            if ((collection || project) && reader.TokenType == JsonTokenType.StartObject)
            {
                var id = ReadMember(ref reader, "id"u8);
                if (collection)
                {
                    envelope.CollectionId = id;
                }
                else
                {
                    envelope.ProjectId = id;
                }

                continue;
            }

            reader.Skip();
        }
    }

    /// <summary>Reads one scalar member of an object and skips the rest; the reader ends on the object's end.</summary>
    private static JsonSlice ReadMember(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        JsonSlice value = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(name))
            {
                value = ScalarValue(ref reader);
                continue;
            }

            reader.Read();
            reader.Skip();
        }

        return value;
    }

    private static void ReadResource(ref Utf8JsonReader reader, ref WebhookEnvelope envelope)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (ReadItemMember(ref reader, ref envelope.Fields, ref envelope.ResourceId, ref envelope.ResourceRev, ref envelope.CommentId))
            {
                continue;
            }

            if (reader.ValueTextEquals("revision"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadRevision(ref reader, ref envelope);
                    continue;
                }
            }
            else if (reader.ValueTextEquals("workItemId"u8))
            {
                envelope.ResourceWorkItemId = ScalarValue(ref reader);
                continue;
            }
            else if (reader.ValueTextEquals("revisedBy"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    envelope.RevisedById = ReadMember(ref reader, "id"u8);
                    continue;
                }
            }
            else
            {
                reader.Read();
            }

            reader.Skip();
        }
    }

    /// <summary>The full work item at the update's revision (<c>resource.revision</c>).</summary>
    private static void ReadRevision(ref Utf8JsonReader reader, ref WebhookEnvelope envelope)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!ReadItemMember(ref reader, ref envelope.RevisionFields, ref envelope.RevisionId, ref envelope.RevisionRev, ref envelope.CommentId))
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>
    /// Reads a member both a resource and a revision have (<c>fields</c>, <c>id</c>, <c>rev</c>,
    /// <c>commentVersionRef</c>) when the reader stands on one; the first comment id seen wins.
    /// </summary>
    /// <returns>Whether the member was one of those (and is read through); otherwise the reader has not moved.</returns>
    private static bool ReadItemMember(ref Utf8JsonReader reader, ref TrackedFields fields, ref JsonSlice id, ref JsonSlice rev, ref JsonSlice commentId)
    {
        if (reader.ValueTextEquals("fields"u8))
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                ReadFields(ref reader, ref fields);
            }
            else
            {
                reader.Skip();
            }
        }
        else if (reader.ValueTextEquals("id"u8))
        {
            id = ScalarValue(ref reader);
        }
        else if (reader.ValueTextEquals("rev"u8))
        {
            rev = ScalarValue(ref reader);
        }
        else if (reader.ValueTextEquals("commentVersionRef"u8))
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject && commentId.Type == JsonTokenType.None)
            {
                commentId = ReadMember(ref reader, "commentId"u8);
            }
            else
            {
                reader.Skip();
            }
        }
        else
        {
            return false;
        }

        return true;
    }

    private static void ReadFields(ref Utf8JsonReader reader, ref TrackedFields fields)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // Every tracked name starts "System."; most fields of a work item do too, so the
            // comparisons are ordered by how often the field appears in a payload.
            if (reader.ValueTextEquals("System.State"u8))
            {
                ReadField(ref reader, ref fields.State);
            }
            else if (reader.ValueTextEquals("System.AssignedTo"u8))
            {
                ReadField(ref reader, ref fields.AssignedTo);
            }
            else if (reader.ValueTextEquals("System.Rev"u8))
            {
                ReadField(ref reader, ref fields.Rev);
            }
            else if (reader.ValueTextEquals("System.WorkItemType"u8))
            {
                ReadField(ref reader, ref fields.WorkItemType);
            }
            else if (reader.ValueTextEquals("System.TeamProject"u8))
            {
                ReadField(ref reader, ref fields.TeamProject);
            }
            else if (reader.ValueTextEquals("System.ChangedBy"u8))
            {
                ReadField(ref reader, ref fields.ChangedBy);
            }
            else if (reader.ValueTextEquals("System.ChangedDate"u8))
            {
                ReadField(ref reader, ref fields.ChangedDate);
            }
            else if (reader.ValueTextEquals("System.History"u8))
            {
                ReadField(ref reader, ref fields.History);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>
    /// Reads one field's value. An object is looked into for <c>oldValue</c> / <c>newValue</c> (a change);
    /// an object without them (an identity) is a plain value. The reader ends on the value's last token.
    /// </summary>
    private static void ReadField(ref Utf8JsonReader reader, ref FieldValue field)
    {
        reader.Read();
        field = default;
        field.Value = JsonSlice.At(ref reader);
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isOld = reader.ValueTextEquals("oldValue"u8);
            var isNew = !isOld && reader.ValueTextEquals("newValue"u8);
            reader.Read();
            if (isOld)
            {
                field.Old = JsonSlice.At(ref reader);
                field.IsChange = true;
            }
            else if (isNew)
            {
                field.New = JsonSlice.At(ref reader);
                field.IsChange = true;
            }

            reader.Skip();
        }
    }

    /// <summary>Moves to a property's value and records it; a container value is skipped (and not recorded).</summary>
    private static JsonSlice ScalarValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            reader.Skip();
            return default;
        }

        return JsonSlice.At(ref reader);
    }
}
