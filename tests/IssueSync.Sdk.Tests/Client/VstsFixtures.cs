using System.Globalization;
using System.Text;

namespace IssueSync.Sdk.Tests.Client;

/// <summary>Azure DevOps answers, shaped after the reference fixtures (sentry-vsts-behaviour.md §9.2).</summary>
internal static class VstsFixtures
{
    /// <summary><c>WORK_ITEM_RESPONSE</c>: work item 309, "Hello", in Fabrikam-Fiber-Git.</summary>
    public const string WorkItemResponse = """
        {
          "id": 309,
          "rev": 1,
          "fields": {
            "System.AreaPath": "Fabrikam-Fiber-Git",
            "System.TeamProject": "Fabrikam-Fiber-Git",
            "System.IterationPath": "Fabrikam-Fiber-Git",
            "System.WorkItemType": "Product Backlog Item",
            "System.State": "New",
            "System.Reason": "New backlog item",
            "System.CreatedDate": "2015-01-07T18:13:01.807Z",
            "System.CreatedBy": "Jamal Hartnett <fabrikamfiber4@hotmail.com>",
            "System.ChangedDate": "2015-01-07T18:13:01.807Z",
            "System.ChangedBy": "Jamal Hartnett <fabrikamfiber4@hotmail.com>",
            "System.Title": "Hello",
            "Microsoft.VSTS.Scheduling.Effort": 8,
            "WEF_6CB513B6E70E43499D9FC94E5BBFB784_Kanban.Column": "New",
            "System.Description": "Fix this."
          },
          "_links": {
            "self": { "href": "https://fabrikam-fiber-inc.visualstudio.com/DefaultCollection/_apis/wit/workItems/309" },
            "workItemUpdates": { "href": "https://fabrikam-fiber-inc.visualstudio.com/DefaultCollection/_apis/wit/workItems/309/updates" },
            "workItemRevisions": { "href": "https://fabrikam-fiber-inc.visualstudio.com/DefaultCollection/_apis/wit/workItems/309/revisions" },
            "workItemHistory": { "href": "https://fabrikam-fiber-inc.visualstudio.com/DefaultCollection/_apis/wit/workItems/309/history" },
            "html": { "href": "https://fabrikam-fiber-inc.visualstudio.com/web/wi.aspx?pcguid=0fa87894-6f48-4458-957d-3438b6bb9343&id=309" },
            "workItemType": { "href": "https://fabrikam-fiber-inc.visualstudio.com/DefaultCollection/6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c/_apis/wit/workItemTypes/Product%20Backlog%20Item" },
            "fields": { "href": "https://fabrikam-fiber-inc.visualstudio.com/DefaultCollection/_apis/wit/fields" }
          },
          "url": "https://fabrikam-fiber-inc.visualstudio.com/DefaultCollection/_apis/wit/workItems/309"
        }
        """;

    /// <summary><c>GET_PROJECTS_RESPONSE</c>: one well-formed project.</summary>
    public const string ProjectsResponse = """
        {
          "count": 1,
          "value": [
            {
              "id": "ac7c05bb-7f8e-4880-85a6-e08f37fd4a10",
              "name": "Fabrikam-Fiber-Git",
              "url": "https://jess-dev.visualstudio.com/_apis/projects/ac7c05bb-7f8e-4880-85a6-e08f37fd4a10",
              "state": "wellFormed",
              "revision": 16,
              "visibility": "private"
            }
          ]
        }
        """;

    /// <summary>A 404 body for a work item that does not exist.</summary>
    public const string WorkItemNotFoundError = """
        {"$id":"1","innerException":null,"message":"TF401232: Work item 12345 does not exist, or you do not have permissions to read it.","typeName":"Microsoft.TeamFoundation.WorkItemTracking.Server.WorkItemUnauthorizedAccessException, Microsoft.TeamFoundation.WorkItemTracking.Server","typeKey":"WorkItemUnauthorizedAccessException","errorCode":0,"eventId":3200}
        """;

    /// <summary>The sign-in page Azure DevOps serves instead of data to a rejected credential.</summary>
    public const string SignInPage = "<!DOCTYPE html><html><head><title>Azure DevOps Services | Sign In</title></head><body>Sign in</body></html>";

    /// <summary>A minimal work item with a title.</summary>
    public static string WorkItem(int id, int rev = 1, string? title = null) =>
        string.Create(CultureInfo.InvariantCulture, $$$"""{"id":{{{id}}},"rev":{{{rev}}},"fields":{"System.Title":"{{{title ?? "Item " + id}}}"}}""");

    /// <summary>A <c>{count, value}</c> list of minimal work items.</summary>
    public static string WorkItemList(IEnumerable<int> ids)
    {
        var items = ids.Select(id => WorkItem(id)).ToList();
        return string.Create(CultureInfo.InvariantCulture, $$"""{"count":{{items.Count}},"value":[{{string.Join(',', items)}}]}""");
    }

    /// <summary>A flat WIQL result holding <paramref name="ids"/>.</summary>
    public static string WiqlResult(IEnumerable<int> ids)
    {
        var references = ids.Select(id => string.Create(CultureInfo.InvariantCulture, $$"""{"id":{{id}},"url":"https://dev.azure.com/fabrikam/_apis/wit/workItems/{{id}}"}"""));
        return $$"""{"queryType":"flat","queryResultType":"workItem","asOf":"2024-05-06T07:08:09.12Z","columns":[{"referenceName":"System.Id","name":"ID"}],"workItems":[{{string.Join(',', references)}}]}""";
    }

    /// <summary>A page of <paramref name="count"/> projects named <c>Project {n}</c>, numbered from <paramref name="first"/>.</summary>
    public static string ProjectPage(int first, int count)
    {
        var builder = new StringBuilder();
        for (var n = first; n < first + count; n++)
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            builder.Append(CultureInfo.InvariantCulture, $$"""{"id":"00000000-0000-0000-0000-{{n:D12}}","name":"Project {{n}}","state":"wellFormed"}""");
        }

        return string.Create(CultureInfo.InvariantCulture, $$"""{"count":{{count}},"value":[{{builder}}]}""");
    }

    /// <summary>Connection data for identity <paramref name="userId"/>.</summary>
    public static string ConnectionData(string userId) => $$"""
        {
          "authenticatedUser": {
            "id": "{{userId}}",
            "descriptor": "Microsoft.IdentityModel.Claims.ClaimsIdentity;72f988bf-86f1-41af-91ab-2d7cd011db47\\jamal@fabrikam.com",
            "subjectDescriptor": "aad.NzJmOTg4YmYtODZmMS03MWFmLTkxYWItMmQ3Y2QwMTFkYjQ3",
            "providerDisplayName": "Jamal Hartnett",
            "isActive": true,
            "properties": { "Account": { "$type": "System.String", "$value": "jamal@fabrikam.com" } }
          },
          "authorizedUser": { "id": "{{userId}}" },
          "instanceId": "80ded3e8-3cd3-43b1-9f96-52032624aa3a",
          "deploymentId": "c7f5d4b1-0b1a-4f5c-9f3e-6d0c1a2b3c4d",
          "deploymentType": "hosted",
          "locationServiceData": { "serviceOwner": "00025394-6065-48ca-87d9-7f5672854ef7" }
        }
        """;
}
