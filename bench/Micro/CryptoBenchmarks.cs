using BenchmarkDotNet.Attributes;
using HealthLedger.Engine.Crypto;

namespace HealthLedger.Bench.Micro;

/// <summary>Signing, verification and hashing: the costs everything else is measured against. Ed25519 verification
/// per second on one core is the throughput bound of consensus.</summary>
[MemoryDiagnoser]
public class CryptoBenchmarks
{
    private readonly byte[] _message200 = new byte[200];
    private readonly byte[] _message4K = new byte[4096];
    private readonly byte[] _signature = new byte[64];
    private SigningKey _ed25519 = null!;
    private SigningKey _p256 = null!;
    private byte[] _edSignature = null!;
    private byte[] _p256Signature = null!;

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_message200);
        new Random(2).NextBytes(_message4K);
        _ed25519 = SigningKey.FromLabel(SignatureSchemes.Ed25519, "bench");
        _p256 = SigningKey.FromLabel(SignatureSchemes.EcdsaP256, "bench");
        _edSignature = _ed25519.Sign(_message200);
        _p256Signature = _p256.Sign(_message200);
    }

    [Benchmark(Description = "Ed25519 sign 200 B")]
    public void Ed25519Sign() => _ed25519.Sign(_message200, _signature);

    [Benchmark(Description = "Ed25519 verify 200 B")]
    public bool Ed25519Verify() => _ed25519.Public.Verify(_message200, _edSignature);

    [Benchmark(Description = "ECDSA P-256 sign 200 B")]
    public void P256Sign() => _p256.Sign(_message200, _signature);

    [Benchmark(Description = "ECDSA P-256 verify 200 B")]
    public bool P256Verify() => _p256.Public.Verify(_message200, _p256Signature);

    [Benchmark(Description = "SHA-256 200 B")]
    public Hash256 Sha256Small() => Hash256.Compute(_message200);

    [Benchmark(Description = "SHA-256 4 KiB")]
    public Hash256 Sha256Large() => Hash256.Compute(_message4K);
}
