using System.Net.Http.Headers;
using System.Text;
using IssueSync.Sdk.Testing;

namespace IssueSync.Sdk.IntegrationTests;

/// <summary>Requests sent to the emulator without the SDK, to check wire details the SDK never produces.</summary>
internal static class RawRequests
{
    public static HttpRequestMessage Authorized(VstsEmulator emulator, HttpMethod method, string relative)
    {
        var request = new HttpRequestMessage(method, new Uri(emulator.OrganizationUrl, relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + emulator.PersonalAccessToken)));
        return request;
    }
}
