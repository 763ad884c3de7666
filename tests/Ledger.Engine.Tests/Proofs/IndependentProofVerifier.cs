using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace HealthLedger.Engine.Tests.Proofs;

/// <summary>
/// Checks an existence proof the way docs/proof-format.md tells an outsider to: byte offsets, SHA-256 and libsodium's
/// Ed25519 verification only — no HealthLedger type is used here, so the document, not the code, is under test.
/// </summary>
public static partial class IndependentProofVerifier
{
    [LibraryImport("libsodium.so.23")]
    private static partial int crypto_sign_verify_detached(ReadOnlySpan<byte> sig, ReadOnlySpan<byte> m, ulong mlen, ReadOnlySpan<byte> pk);

    private static byte[] H(params byte[][] parts) => SHA256.HashData(parts.SelectMany(p => p).ToArray());

    public static bool Verify(byte[] proof, byte[] trustedCheckpoint, byte[] documentHash)
    {
        int o = 0;
        if (!proof.AsSpan(0, 4).SequenceEqual("HLP\x01"u8)) return false;
        o = 4;
        int txLength = (int)BinaryPrimitives.ReadUInt32BigEndian(proof.AsSpan(o)); o += 4;
        byte[] tx = proof.AsSpan(o, txLength).ToArray(); o += txLength;
        uint index = BinaryPrimitives.ReadUInt32BigEndian(proof.AsSpan(o)); o += 4;
        int pathLength = proof[o]; o += 1;
        var path = new byte[pathLength][];
        for (int i = 0; i < pathLength; i++) { path[i] = proof.AsSpan(o, 32).ToArray(); o += 32; }
        int headerCount = (int)BinaryPrimitives.ReadUInt32BigEndian(proof.AsSpan(o)); o += 4;
        var headers = new byte[headerCount][];
        for (int i = 0; i < headerCount; i++) { headers[i] = proof.AsSpan(o, 116).ToArray(); o += 116; }

        // 1. The transaction: "HLT", version 1, kind, sender(32), sequence(8), lastValid(4), scheme(1 = Ed25519), key(32), payload, signature(64).
        if (!tx.AsSpan(0, 4).SequenceEqual("HLT\x01"u8) || tx[50 - 1] != 1) return false;
        byte[] publicKey = tx.AsSpan(50, 32).ToArray();
        byte[] signed = tx.AsSpan(0, tx.Length - 64).ToArray();
        byte[] signature = tx.AsSpan(tx.Length - 64).ToArray();
        if (crypto_sign_verify_detached(signature, signed, (ulong)signed.Length, publicKey) != 0) return false;
        // A RegisterRecord (kind 2) payload starts with the data hash, right after the key.
        if (tx[4] != 2 || !tx.AsSpan(82, 32).SequenceEqual(documentHash)) return false;

        // 2. RFC 9162 inclusion of SHA-256(tx) in the first header's transaction root.
        byte[] first = headers[0];
        long size = BinaryPrimitives.ReadUInt32BigEndian(first.AsSpan(112));
        long fn = index, sn = size - 1;
        byte[] r = H([0x00], SHA256.HashData(tx));
        foreach (var p in path)
        {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                r = H([0x01], p, r);
                while ((fn & 1) == 0 && fn != 0) { fn >>= 1; sn >>= 1; }
            }
            else r = H([0x01], r, p);
            fn >>= 1; sn >>= 1;
        }
        if (sn != 0 || !r.AsSpan().SequenceEqual(first.AsSpan(48, 32))) return false;

        // 3. Each header's parent hash (bytes 8..40) is the SHA-256 of the previous header.
        for (int i = 1; i < headerCount; i++)
            if (!SHA256.HashData(headers[i - 1]).AsSpan().SequenceEqual(headers[i].AsSpan(8, 32))) return false;

        // 4. The last header hashes to the trusted checkpoint.
        return SHA256.HashData(headers[^1]).AsSpan().SequenceEqual(trustedCheckpoint);
    }
}
