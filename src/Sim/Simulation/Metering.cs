using System.Runtime.CompilerServices;
using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;

namespace HealthLedger.Sim.Simulation;

/// <summary>Counts the expensive operations one node does while it handles one input, so the CPU model can charge
/// them in virtual time. The host resets it before each input.</summary>
public sealed class WorkMeter
{
    /// <summary>Signature verifications.</summary>
    public int Verifications;

    /// <summary>Signatures made.</summary>
    public int Signatures;

    /// <summary>Transactions the node took in for the first time: counted here when its loop checked them, by the host
    /// when its signature checker did.</summary>
    public int NewTransactions;

    /// <summary>Forgets the counts.</summary>
    public void Reset() => Verifications = Signatures = NewTransactions = 0;
}

/// <summary>Counts each consensus-message verification the node asks for, then defers to the shared verifier.</summary>
internal sealed class MeteredConsensusVerifier(IConsensusVerifier inner, WorkMeter meter) : IConsensusVerifier
{
    public bool Verify(PublicKey key, ReadOnlySpan<byte> signedBytes, ReadOnlySpan<byte> signature)
    {
        meter.Verifications++;
        return inner.Verify(key, signedBytes, signature);
    }

    public bool Verify(PublicKey key, ISignedConsensusMessage message)
    {
        meter.Verifications++;
        return inner.Verify(key, message);
    }
}

/// <summary>Counts the first time the node asks about each transaction (a node verifies a transaction once, on receipt,
/// and remembers the answer when it builds a ledger), then defers to the shared verifier. The memory is the node's, by
/// id, not the transaction object's: the simulator hands one decoded object to every recipient of a relay, and a client
/// hands the entry node the object it signed, so an object's own memory of a check says nothing about this node. It
/// holds <paramref name="remembered"/> ids (2^18 unless a test asks for fewer) and then starts over (a transaction
/// asked about again after that is charged again, as a node that had evicted it would pay).</summary>
internal sealed class MeteredTransactionVerifier(ISignatureVerifier inner, WorkMeter meter, TransactionIndex index, int remembered = 1 << 18)
    : ISignatureVerifier
{
    private ulong[] _asked = [];
    private int _count;
    private int _generation = -1;

    public bool Verify(Transaction transaction)
    {
        if (Remember(transaction))
        {
            meter.Verifications++;
            meter.NewTransactions++;
        }
        return inner.Verify(transaction);
    }

    /// <summary>Notes that the node checked <paramref name="transaction"/>; true when it had not before (the check is
    /// then charged to whoever made it: the node's loop through <see cref="Verify"/>, or its signature checker).</summary>
    public bool Remember(Transaction transaction)
    {
        int i = index.Of(transaction.Id, out int generation);
        if (generation != _generation || _count >= remembered) Forget();
        _generation = generation;
        if (i >> 6 >= _asked.Length) Array.Resize(ref _asked, Math.Max(16, Math.Max(_asked.Length * 2, (i >> 6) + 1)));
        ref ulong word = ref _asked[i >> 6];
        ulong bit = 1UL << i;
        if ((word & bit) != 0) return false;
        word |= bit;
        _count++;
        return true;
    }

    /// <summary>Forgets every check: the node restarted and its memory went with it.</summary>
    public void Forget()
    {
        Array.Clear(_asked);
        _count = 0;
    }
}

/// <summary>A dense number for each transaction id the nodes of one run ask about, so that each node's memory of what it
/// asked is a bit per number instead of a hash set of ids of its own (seven such sets were 6% of the simulator thread's
/// samples and 50 MB at 80,000 transactions). Past its capacity (<see cref="Capacity"/> ids unless a test asks for
/// fewer) it starts over under a new generation, and every node's memory with it.</summary>
internal sealed class TransactionIndex(int capacity = TransactionIndex.Capacity, int expected = 0)
{
    private const int Capacity = 1 << 22;
    private readonly Dictionary<Hash256, int> _numbers = new(Math.Clamp(expected, 0, capacity));
    private int _generation;

    /// <summary>The number of <paramref name="id"/> in the current <paramref name="generation"/>.</summary>
    public int Of(Hash256 id, out int generation)
    {
        if (_numbers.Count >= capacity && !_numbers.ContainsKey(id))
        {
            _numbers.Clear();
            _generation++;
        }
        generation = _generation;
        ref int number = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_numbers, id, out bool exists);
        if (!exists) number = _numbers.Count - 1;
        return number;
    }
}

/// <summary>Counts signatures, then signs with the inner signer.</summary>
internal sealed class MeteredSigner(IConsensusSigner inner, WorkMeter meter) : IConsensusSigner
{
    public PublicKey Key => inner.Key;

    public byte[] Sign(ReadOnlySpan<byte> signedBytes)
    {
        meter.Signatures++;
        return inner.Sign(signedBytes);
    }
}

/// <summary>
/// The <c>modelled</c> crypto mode: a signature is a symbol bound to the signer's identity and the message
/// (SHA-256 of a domain tag, the key id and the message, repeated to 64 bytes), checked by recomputing it. Nodes in the
/// simulator never forge it; what it saves is the wall-clock cost of Ed25519, which the CPU model still charges in
/// virtual time, so thousands of validators fit in one run.
/// <para>Every validator checks every proposal and validation, so one symbol is checked n times. The symbols this
/// run made are remembered with their key and message: a check that finds the same symbol made for the same key and
/// the same message is answered without hashing (it is exactly what recomputing would find); anything else, including
/// a symbol nobody here made, is recomputed. One instance per run, shared by its signers and verifier.</para>
/// </summary>
internal sealed class ModelledSignatures
{
    /// <summary>Symbols remembered before the memory starts over (checks then fall back to recomputing).</summary>
    private const int Remembered = 1 << 20;

    private readonly Dictionary<Hash256, (Hash256 KeyId, byte[] Message)> _made = [];

    public byte[] Sign(PublicKey key, ReadOnlySpan<byte> message)
    {
        var symbol = Symbol(key, message);
        var signature = new byte[64];
        symbol.CopyTo(signature);
        symbol.CopyTo(signature.AsSpan(32));
        if (_made.Count >= Remembered) _made.Clear();
        _made[symbol] = (key.Id, message.ToArray());
        return signature;
    }

    public bool Verify(PublicKey key, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != 64) return false;
        if (signature[..32].SequenceEqual(signature[32..])
            && _made.TryGetValue(new Hash256(signature[..32]), out var made)
            && made.KeyId == key.Id && message.SequenceEqual(made.Message))
            return true;
        Span<byte> expected = stackalloc byte[32];
        Symbol(key, message).CopyTo(expected);
        return signature[..32].SequenceEqual(expected) && signature[32..].SequenceEqual(expected);
    }

    private static Hash256 Symbol(PublicKey key, ReadOnlySpan<byte> message)
    {
        int length = 5 + 32 + message.Length;
        var buffer = length <= 512 ? stackalloc byte[length] : new byte[length];
        "HLSIM"u8.CopyTo(buffer);
        key.Id.CopyTo(buffer[5..]);
        message.CopyTo(buffer[37..]);
        return Hash256.Compute(buffer);
    }
}

internal sealed class ModelledSigner(PublicKey key, ModelledSignatures symbols) : IConsensusSigner
{
    public PublicKey Key => key;

    public byte[] Sign(ReadOnlySpan<byte> signedBytes) => symbols.Sign(key, signedBytes);
}

/// <summary>Checks modelled signatures. Every validator checks every broadcast proposal and validation, and the simulator
/// hands all of them the same decoded object: the answer for an object and key is remembered in a small table that
/// holds the object itself (so an entry can only ever match that very object, whose fields never change), and n - 1
/// of the n checks are a table lookup instead of writing the signed bytes and looking the symbol up.</summary>
internal sealed class ModelledConsensusVerifier(ModelledSignatures symbols) : IConsensusVerifier
{
    private const int Slots = 1 << 12;
    private readonly (object? Message, Hash256 Key, bool Ok)[] _recent = new (object?, Hash256, bool)[Slots];

    public bool Verify(PublicKey key, ReadOnlySpan<byte> signedBytes, ReadOnlySpan<byte> signature) =>
        symbols.Verify(key, signedBytes, signature);

    public bool Verify(PublicKey key, ISignedConsensusMessage message)
    {
        ref var slot = ref _recent[RuntimeHelpers.GetHashCode(message) & (Slots - 1)];
        if (ReferenceEquals(slot.Message, message) && slot.Key == key.Id) return slot.Ok;
        bool ok = IConsensusVerifier.VerifyBytesOf(this, key, message);
        slot = (message, key.Id, ok);
        return ok;
    }
}

/// <summary>Modelled transaction checks: a transaction the workload issued is known by its id (it carries a real
/// signature, made once by the client); anything else is verified for real, so a forgery is still caught.</summary>
internal sealed class ModelledTransactionVerifier(HashSet<Hash256> issued) : ISignatureVerifier
{
    public bool Verify(Transaction transaction) => issued.Contains(transaction.Id) || transaction.VerifySignature();
}
