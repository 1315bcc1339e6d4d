using Workers.Runtime.WebApi.Crypto;

namespace Workers.Runtime.Tests.WebApi.Crypto;

[TestFixture]
public sealed class CryptoAlgorithmsTests
{
    [TestCase("sha-256", "Sha256")]
    [TestCase("SHA-1", "Sha1")]
    [TestCase("Sha-384", "Sha384")]
    [TestCase("sHA-512", "Sha512")]
    [TestCase("md5", "Md5")]
    public void Digests_TryParse_MatchesNamesIgnoringAsciiCase(string name, string expected)
    {
        Assert.That(Digests.TryParse(name, out var algorithm), Is.True);
        Assert.That(algorithm, Is.EqualTo(Enum.Parse<DigestAlgorithm>(expected)));
    }

    [TestCase("SHA256")]
    [TestCase("SHA-3")]
    [TestCase("SHA-256 ")]
    [TestCase("HMAC")]
    [TestCase("")]
    public void Digests_TryParse_RejectsOtherNames(string name)
        => Assert.That(Digests.TryParse(name, out _), Is.False);

    [Test]
    public void Digests_Hmac_MatchesRfc4231TestCase2()
    {
        var mac = Digests.Hmac(DigestAlgorithm.Sha256, "Jefe"u8, "what do ya want for nothing?"u8);
        Assert.That(Convert.ToHexStringLower(mac), Is.EqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
    }

    [TestCase("hmac", "Sign", "HMAC")]
    [TestCase("rsassa-pkcs1-V1_5", "Verify", "RSASSA-PKCS1-v1_5")]
    [TestCase("aes-gcm", "ImportKey", "AES-GCM")]
    [TestCase("pbkdf2", "DeriveBits", "PBKDF2")]
    [TestCase("Aes-Kw", "WrapKey", "AES-KW")]
    public void Recognize_ReturnsTheRegisteredSpelling(string name, string operation, string expected)
        => Assert.That(CryptoAlgorithms.Recognize(name, Enum.Parse<CryptoOperation>(operation)), Is.EqualTo(expected));

    [TestCase("HMAC", "Encrypt")]
    [TestCase("SHA-256", "Sign")]
    [TestCase("AES-KW", "Encrypt")]
    [TestCase("FOO", "ImportKey")]
    public void Recognize_ReturnsNullForNamesNotRegisteredForTheOperation(string name, string operation)
        => Assert.That(CryptoAlgorithms.Recognize(name, Enum.Parse<CryptoOperation>(operation)), Is.Null);

    [Test]
    public void KeyUsageNames_List_IsDeduplicatedInSpecOrder()
    {
        var usages = KeyUsageNames.Parse("verify") | KeyUsageNames.Parse("sign") | KeyUsageNames.Parse("unwrapKey") | KeyUsageNames.Parse("encrypt");
        Assert.That(KeyUsageNames.List(usages), Is.EqualTo(new[] { "encrypt", "sign", "verify", "unwrapKey" }));
    }

    [TestCase("Sign")]
    [TestCase("bogus")]
    [TestCase("")]
    public void KeyUsageNames_Parse_IsCaseSensitive(string name)
        => Assert.That(KeyUsageNames.Parse(name), Is.EqualTo(KeyUsages.None));

    [Test]
    public void RandomUuid_IsVersion4Variant1AndLowercase()
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < 100; i++)
        {
            var uuid = RandomUuid.Create();
            Assert.That(uuid, Does.Match("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
            Assert.That(Guid.TryParse(uuid, out _), Is.True);
            seen.Add(uuid);
        }

        Assert.That(seen, Has.Count.EqualTo(100));
    }
}
