using System.Numerics;
using System.Security.Cryptography;

namespace HealthLedger.Engine.Crypto;

/// <summary>
/// ECDSA over NIST P-256 with SHA-256, from System.Security.Cryptography. Keys derive deterministically from a seed;
/// signatures use the platform's random nonce, so two signatures of one message differ (both verify).
/// </summary>
internal sealed class EcdsaP256Scheme : ISignatureScheme
{
    private const int CoordinateBytes = 32;
    private static readonly BigInteger s_order =
        BigInteger.Parse("0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", System.Globalization.NumberStyles.HexNumber);

    public SignatureScheme Id => SignatureScheme.EcdsaP256;
    public int PublicKeyLength => 2 * CoordinateBytes;
    public int SignatureLength => 2 * CoordinateBytes;

    public SigningKey FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != 32) ThrowHelper.ArgumentLength(nameof(seed), 32, seed.Length);
        byte[] d = DeriveScalar(seed);
        using var ecdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = d });
        var p = ecdsa.ExportParameters(includePrivateParameters: false);
        var pk = new byte[PublicKeyLength];
        p.Q.X!.CopyTo(pk, 0);
        p.Q.Y!.CopyTo(pk, CoordinateBytes);
        return new SigningKey(this, new PublicKey(SignatureScheme.EcdsaP256, pk), d);
    }

    /// <summary>Hashes the seed until it lands in [1, n-1], the range of valid private scalars.</summary>
    private static byte[] DeriveScalar(ReadOnlySpan<byte> seed)
    {
        byte[] d = SHA256.HashData(seed);
        while (true)
        {
            var value = new BigInteger(d, isUnsigned: true, isBigEndian: true);
            if (!value.IsZero && value < s_order) return d;
            d = SHA256.HashData(d);
        }
    }

    public void Sign(ReadOnlySpan<byte> secretKey, ReadOnlySpan<byte> message, Span<byte> signature)
    {
        using var ecdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = secretKey.ToArray() });
        if (!ecdsa.TrySignData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation, out int written)
            || written != SignatureLength)
            ThrowHelper.InvalidOperation("ECDSA P-256 signing produced no signature.");
    }

    public bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeyLength || signature.Length != SignatureLength) return false;
        try
        {
            using var ecdsa = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = publicKey[..CoordinateBytes].ToArray(), Y = publicKey[CoordinateBytes..].ToArray() },
            });
            return ecdsa.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false; // not a point on the curve
        }
    }
}
