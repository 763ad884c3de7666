using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Encoding;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Ledger.State;
using HealthLedger.Engine.Merkle;

namespace HealthLedger.Engine.Proofs;

/// <summary>
/// Proof that a transaction (a record registration, a new version, a notarization, …) was applied in a ledger that
/// leads to a trusted checkpoint (seed 3.3.8, 3.5): the signed transaction, its RFC 9162 inclusion path in the
/// ledger's transaction tree, the header chain from that ledger to the checkpoint and, optionally, a proof of the
/// record's current state against the checkpoint's state root. The format is in docs/proof-format.md; it can be
/// checked with SHA-256 and Ed25519 tools alone.
/// </summary>
/// <param name="Transaction">The proven transaction.</param>
/// <param name="TxIndex">Its index in the ledger's transaction list.</param>
/// <param name="TxPath">The inclusion path, bottom-up.</param>
/// <param name="Headers">Headers from the ledger holding the transaction to the checkpoint, ascending.</param>
/// <param name="RecordState">Optional: the record's current entry against the last header's state root.</param>
public sealed record ExistenceProof(Transaction Transaction, uint TxIndex, Hash256[] TxPath, IReadOnlyList<LedgerHeader> Headers, RecordStateProof? RecordState)
{
    /// <summary>The proof format version.</summary>
    public const byte FormatVersion = 1;

    /// <summary>Most headers a proof may carry.</summary>
    public const int MaxHeaders = 1_000_000;

    /// <summary>Most hashes in an inclusion path (a tree of up to 2⁶³ leaves).</summary>
    public const int MaxPathLength = 63;

    /// <summary>The header of the ledger that applied the transaction.</summary>
    public LedgerHeader Ledger => Headers[0];

    /// <summary>The checkpoint header the proof ends at.</summary>
    public LedgerHeader Checkpoint => Headers[^1];

    /// <summary>
    /// Builds a proof for transaction <paramref name="txId"/> applied in ledger <paramref name="ledgerSequence"/>, up to
    /// the checkpoint ledger <paramref name="checkpointSequence"/>. <paramref name="ledgers"/> returns a ledger by
    /// sequence (a full node's history). With <paramref name="record"/>, includes that record's current state.
    /// </summary>
    public static ExistenceProof Create(Func<uint, ClosedLedger?> ledgers, uint ledgerSequence, Hash256 txId, uint checkpointSequence, Hash256? record = null)
    {
        if (checkpointSequence < ledgerSequence) ThrowHelper.Argument(nameof(checkpointSequence), "The checkpoint must not precede the ledger holding the transaction.");
        var holder = ledgers(ledgerSequence) ?? throw new ArgumentException($"Ledger {ledgerSequence} is not available.", nameof(ledgers));
        int index = holder.IndexOf(txId);
        if (index < 0) ThrowHelper.Argument(nameof(txId), $"Transaction {txId.ToShortString()} is not in ledger {ledgerSequence}.");
        var headers = new List<LedgerHeader>((int)(checkpointSequence - ledgerSequence + 1));
        ClosedLedger? checkpoint = holder;
        for (uint s = ledgerSequence; s <= checkpointSequence; s++)
        {
            checkpoint = ledgers(s) ?? throw new ArgumentException($"Ledger {s} is not available.", nameof(ledgers));
            headers.Add(checkpoint.Header);
        }
        RecordStateProof? state = null;
        if (record is { } id)
        {
            var proof = checkpoint!.State.Records.Prove(id) ?? throw new ArgumentException($"Record {id.ToShortString()} is not in ledger {checkpointSequence}.", nameof(record));
            state = new RecordStateProof(proof, checkpoint.State.Accounts.RootHash, checkpoint.State.Notarizations.RootHash);
        }
        return new ExistenceProof(holder.Transactions[index], (uint)index, holder.ProveTransaction(index), headers, state);
    }

    /// <summary>Checks the proof against a trusted checkpoint header hash; says what failed when it does not hold.</summary>
    public ProofCheck Verify(Hash256 trustedCheckpoint)
    {
        if (Headers.Count == 0) return ProofCheck.Fail(ProofFailure.NoHeaders, "The proof carries no ledger header.");
        if (!Transaction.VerifySignature())
            return ProofCheck.Fail(ProofFailure.BadSignature, "The transaction's signature does not verify under its signing key.");
        var holder = Headers[0];
        if (!MerkleTree.VerifyInclusion(Transaction.Id, TxIndex, holder.TxCount, TxPath, holder.TxRoot))
            return ProofCheck.Fail(ProofFailure.NotIncluded, $"The inclusion path does not lead to ledger {holder.Sequence}'s transaction root.");
        for (int i = 1; i < Headers.Count; i++)
        {
            if (Headers[i].Sequence != Headers[i - 1].Sequence + 1 || Headers[i].ParentHash != Headers[i - 1].Hash)
                return ProofCheck.Fail(ProofFailure.BrokenChain, $"Header {Headers[i].Sequence} does not link to header {Headers[i - 1].Sequence}.");
        }
        if (Checkpoint.Hash != trustedCheckpoint)
            return ProofCheck.Fail(ProofFailure.WrongCheckpoint, $"The chain ends at {Checkpoint.Hash}, not at the trusted checkpoint {trustedCheckpoint}.");
        if (RecordState is { } state && Transaction.Kind is TxKind.RegisterRecord or TxKind.NewVersion
            && state.Proof.Key != RecordIds.For(Transaction.Sender, Transaction.Sequence))
            return ProofCheck.Fail(ProofFailure.BadStateProof, "The record state proof is for another record than the one the transaction registered.");
        if (RecordState is { } proven && proven.ComputeStateRoot() != Checkpoint.StateRoot)
            return ProofCheck.Fail(ProofFailure.BadStateProof, "The record state proof does not lead to the checkpoint's state root.");
        return ProofCheck.Valid;
    }

    /// <summary>The data hash this proof attests (for record registrations, new versions and notarizations), or null.</summary>
    public Hash256? AttestedHash => Transaction.Payload switch
    {
        RegisterRecord r => r.Fields.DataHash,
        NewVersion v => v.Fields.DataHash,
        Notarize n => n.DocumentHash,
        _ => null,
    };

    /// <summary>The canonical encoding (docs/proof-format.md).</summary>
    public byte[] Encode()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        var w = new CanonicalWriter(buffer);
        w.Raw("HLP"u8);
        w.U8(FormatVersion);
        w.Bytes32(Transaction.Encoded.Span);
        w.U32(TxIndex);
        w.U8((byte)TxPath.Length);
        foreach (var h in TxPath) w.Hash(h);
        w.U32((uint)Headers.Count);
        foreach (var header in Headers) header.Write(w);
        w.U8(RecordState is null ? (byte)0 : (byte)1);
        RecordState?.Write(w);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes a proof; typed error on any malformed input, never an exception.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out ExistenceProof? proof, out DecodeError error)
    {
        proof = null;
        var r = new CanonicalReader(bytes);
        if (TryRead(ref r, out proof) && r.End())
        {
            error = default;
            return true;
        }
        proof = null;
        error = r.Error!.Value;
        return false;
    }

    private static bool TryRead(ref CanonicalReader r, out ExistenceProof? proof)
    {
        proof = null;
        if (!r.Raw("proof.magic", 3, out var magic)) return false;
        if (!magic.SequenceEqual("HLP"u8)) return r.Fail(DecodeErrorKind.UnknownTag, "proof.magic: not an existence proof (expected \"HLP\").");
        r.U8("proof.version", out var version);
        if (r.Ok && version != FormatVersion) return r.Fail(DecodeErrorKind.UnsupportedVersion, $"proof.version: {version} is not supported.");
        if (!r.Bytes32("proof.transaction", HealthLedger.Engine.Ledger.Transaction.MaxEncodedBytes, out var txBytes)) return false;
        if (!HealthLedger.Engine.Ledger.Transaction.TryDecode(txBytes, out var tx, out var txError))
            return r.Fail(txError.Kind, "proof.transaction: " + txError.Reason);
        r.U32("proof.txIndex", out var index);
        r.U8("proof.pathLength", out var pathLength);
        if (r.Ok && pathLength > MaxPathLength) return r.Fail(DecodeErrorKind.Oversized, $"proof.pathLength: {pathLength} exceeds {MaxPathLength}.");
        var path = new Hash256[pathLength];
        for (int i = 0; i < path.Length; i++) r.Hash("proof.path", out path[i]);
        if (!r.Count32("proof.headers", MaxHeaders, out int headerCount)) return false;
        if (headerCount == 0) return r.Fail(DecodeErrorKind.InvalidValue, "proof.headers: at least one header is required.");
        if ((long)headerCount * LedgerHeader.EncodedBytes > r.Remaining) return r.Fail(DecodeErrorKind.Truncated, $"proof.headers: {headerCount} headers do not fit in {r.Remaining} bytes.");
        var headers = new List<LedgerHeader>(headerCount);
        for (int i = 0; i < headerCount; i++)
        {
            if (!LedgerHeader.TryRead(ref r, out var h)) return false;
            headers.Add(h!);
        }
        r.U8("proof.hasRecordState", out var hasState);
        RecordStateProof? state = null;
        if (r.Ok && hasState > 1) return r.Fail(DecodeErrorKind.InvalidValue, "proof.hasRecordState: must be 0 or 1.");
        if (hasState == 1 && !RecordStateProof.TryRead(ref r, out state)) return false;
        if (!r.Ok) return false;
        proof = new ExistenceProof(tx!, index, path, headers, state);
        return true;
    }
}

/// <summary>A record's current entry proven against a state root: the records-trie proof plus the other two roots.</summary>
/// <param name="Proof">The records-trie proof.</param>
/// <param name="AccountsRoot">The accounts trie root.</param>
/// <param name="NotarizationsRoot">The notarizations trie root.</param>
public sealed record RecordStateProof(StateProof Proof, Hash256 AccountsRoot, Hash256 NotarizationsRoot)
{
    /// <summary>The state root this proof commits to.</summary>
    public Hash256 ComputeStateRoot() => LedgerState.CombineRoots(AccountsRoot, Proof.ComputeRoot(), NotarizationsRoot);

    /// <summary>Writes the proof, then the two roots.</summary>
    public void Write(CanonicalWriter w)
    {
        Proof.Write(w);
        w.Hash(AccountsRoot);
        w.Hash(NotarizationsRoot);
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    public static bool TryRead(ref CanonicalReader r, out RecordStateProof? proof)
    {
        proof = null;
        if (!StateProof.TryRead(ref r, out var p)) return false;
        r.Hash("recordState.accountsRoot", out var accounts);
        r.Hash("recordState.notarizationsRoot", out var notarizations);
        if (!r.Ok) return false;
        proof = new RecordStateProof(p!, accounts, notarizations);
        return true;
    }
}

/// <summary>Why a proof did not hold.</summary>
public enum ProofFailure : byte
{
    /// <summary>The proof holds.</summary>
    None = 0,

    /// <summary>No header in the proof.</summary>
    NoHeaders,

    /// <summary>The transaction signature does not verify.</summary>
    BadSignature,

    /// <summary>The inclusion path does not reach the transaction root.</summary>
    NotIncluded,

    /// <summary>Headers do not hash-link.</summary>
    BrokenChain,

    /// <summary>The chain does not end at the trusted checkpoint.</summary>
    WrongCheckpoint,

    /// <summary>The record state proof does not reach the state root.</summary>
    BadStateProof,
}

/// <summary>The result of checking a proof.</summary>
/// <param name="Failure">What failed, or <see cref="ProofFailure.None"/>.</param>
/// <param name="Reason">A sentence for people.</param>
public readonly record struct ProofCheck(ProofFailure Failure, string Reason)
{
    /// <summary>A proof that holds.</summary>
    public static ProofCheck Valid => new(ProofFailure.None, "The proof holds.");

    /// <summary>True when the proof holds.</summary>
    public bool IsValid => Failure == ProofFailure.None;

    internal static ProofCheck Fail(ProofFailure failure, string reason) => new(failure, reason);
}
