using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace IssueSync.Sdk.Testing.Emulator;

/// <summary>
/// A self-signed server certificate for the loopback names (<c>127.0.0.1</c>, <c>::1</c>,
/// <c>localhost</c>), so a host's webhook endpoint can listen on https without a trusted CA, and
/// the check that the emulator's deliveries trust exactly that certificate.
/// </summary>
internal static class LoopbackCertificate
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    public static X509Certificate2 Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=IssueSync emulator loopback", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthentication)], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var ephemeral = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(30));

        // Through PKCS#12 so the private key is usable by SslStream on every platform (an ephemeral key is not on Windows).
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), password: null);
    }

    /// <summary>
    /// A delivery's server certificate is trusted when the machine trusts it, or when it is
    /// <paramref name="trusted"/> itself and names the host connected to (a chain error alone is forgiven).
    /// </summary>
    public static bool IsTrusted(X509Certificate? presented, SslPolicyErrors errors, X509Certificate2? trusted)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        return trusted is not null
            && presented is not null
            && errors == SslPolicyErrors.RemoteCertificateChainErrors
            && presented.GetCertHash(HashAlgorithmName.SHA256).AsSpan().SequenceEqual(trusted.GetCertHash(HashAlgorithmName.SHA256));
    }
}
