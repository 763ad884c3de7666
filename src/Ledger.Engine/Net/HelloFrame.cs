using System.Buffers;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Encoding;

namespace HealthLedger.Engine.Net;

/// <summary>Who opens a connection: a validator (proves its key) or a client (submits and queries only).</summary>
public enum PeerRole : byte
{
    /// <summary>A registered validator.</summary>
    Validator = 1,

    /// <summary>A client of the ledger; holds no validator key.</summary>
    Client = 2,
}

/// <summary>
/// The first frame each side sends: protocol version, the network (its genesis ledger hash), the sender's role, a
/// validator's public key, and a fresh 32-byte challenge the other side must sign.
/// </summary>
/// <param name="Version">Protocol version (<see cref="CurrentVersion"/>).</param>
/// <param name="Network">Genesis ledger hash of the sender's network.</param>
/// <param name="Role">Validator or client.</param>
/// <param name="Key">The validator's public key; null for a client.</param>
/// <param name="Challenge">Fresh random bytes (<see cref="ChallengeBytes"/>) for the other side to sign.</param>
public sealed record HelloFrame(ushort Version, Hash256 Network, PeerRole Role, PublicKey? Key, byte[] Challenge)
{
    /// <summary>The protocol version this build speaks.</summary>
    public const ushort CurrentVersion = 1;

    /// <summary>Length of a challenge.</summary>
    public const int ChallengeBytes = 32;

    /// <summary>The payload (after the type byte).</summary>
    public byte[] Encode()
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        var w = new CanonicalWriter(buffer);
        w.U16(Version);
        w.Hash(Network);
        w.U8((byte)Role);
        if (Role == PeerRole.Validator) w.Key(Key!);
        w.Raw(Challenge);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes a payload; never throws.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> payload, out HelloFrame? hello, out string reason)
    {
        hello = null;
        var r = new CanonicalReader(payload);
        PublicKey? key = null;
        if (r.U16("version", out var version) && r.Hash("network", out var network) && r.U8("role", out var role))
        {
            if ((PeerRole)role is not (PeerRole.Validator or PeerRole.Client)) r.Fail(DecodeErrorKind.UnknownTag, $"role: {role} is not a role.");
            else if ((PeerRole)role == PeerRole.Client || r.Key("key", out key))
            {
                if (r.Raw("challenge", ChallengeBytes, out var challenge) && r.End())
                {
                    hello = new HelloFrame(version, network, (PeerRole)role, key, challenge.ToArray());
                    reason = "";
                    return true;
                }
            }
        }
        reason = r.Error?.ToString() ?? "the hello frame did not decode";
        return false;
    }
}
