using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.IntegrationTests.Emulator;

/// <summary>How deliveries go out: held on request, over https to a receiver with the emulator's loopback certificate, answers recorded.</summary>
public class DeliveryTests
{
    [Fact]
    public async Task Held_deliveries_wait_in_order_until_the_last_hold_is_released()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var harness = await SdkHarness.StartAsync();
        var org = harness.Organization;
        var item = org.AddWorkItem("Project 1", "Bug", "Crash");
        await harness.Client.Subscriptions.CreateAsync(Subscription(receiver.Url.AbsoluteUri), default);

        var outer = harness.Emulator.HoldDeliveries();
        var inner = harness.Emulator.HoldDeliveries();
        org.SetState(item.Id, "Active");
        org.SetState(item.Id, "Resolved");
        inner.Dispose();
        inner.Dispose(); // a second dispose releases nothing more
        var heldWhileOuter = harness.Emulator.Deliveries.Count;
        var waitingWhileOuter = receiver.TryTake(out _);
        outer.Dispose();
        await harness.Emulator.WaitForDeliveryAsync(d => d.Revision == 3, Timeout());

        Assert.Equal((0, false), (heldWhileOuter, waitingWhileOuter));
        Assert.Equal([2, 3], harness.Emulator.Deliveries.Select(d => d.Revision));
    }

    [Fact]
    public async Task An_https_receiver_with_the_emulators_loopback_certificate_is_trusted_and_its_answer_recorded()
    {
        await using var harness = await SdkHarness.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync(harness.Emulator.WebhookCertificate);
        receiver.StatusToAnswer = 202;
        receiver.BodyToAnswer = "{\"seen\":true}";
        var item = harness.Organization.AddWorkItem("Project 1", "Bug", "Crash");
        await harness.Client.Subscriptions.CreateAsync(Subscription(receiver.Url.AbsoluteUri), default);

        harness.Organization.SetState(item.Id, "Active");
        var delivery = await harness.Emulator.WaitForDeliveryAsync(_ => true, Timeout());

        Assert.StartsWith("https://127.0.0.1:", delivery.Url, StringComparison.Ordinal);
        Assert.Equal((202, "{\"seen\":true}", null), (delivery.StatusCode, delivery.ResponseBody, delivery.Error));
        Assert.Null(delivery.Outcome); // not an answer of the SDK's endpoint
        Assert.Equal("Echo", (delivery with { ResponseBody = "{\"outcome\":\"Echo\",\"detail\":\"x\"}" }).Outcome);
        Assert.Null((delivery with { ResponseBody = "not json" }).Outcome);
    }

    [Fact]
    public async Task An_https_receiver_with_any_other_untrusted_certificate_gets_no_delivery()
    {
        await using var harness = await SdkHarness.StartAsync();
        using var stranger = SelfSigned();
        await using var receiver = await WebhookReceiver.StartAsync(stranger);
        var item = harness.Organization.AddWorkItem("Project 1", "Bug", "Crash");
        _ = harness.Emulator.WebhookCertificate; // made, and still not the receiver's
        await harness.Client.Subscriptions.CreateAsync(Subscription(receiver.Url.AbsoluteUri), default);

        harness.Organization.SetState(item.Id, "Active");
        var delivery = await harness.Emulator.WaitForDeliveryAsync(_ => true, Timeout());

        Assert.Equal((null, null), (delivery.StatusCode, delivery.ResponseBody));
        Assert.NotNull(delivery.Error);
        Assert.False(receiver.TryTake(out _));
    }

    private static ServiceHookSubscriptionRequest Subscription(string url) => new()
    {
        EventType = "workitem.updated",
        ConsumerInputs = new Dictionary<string, string> { ["url"] = url, ["httpHeaders"] = "Shared-Secret: x" },
    };

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=stranger", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), password: null);
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token;
}
