using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;

namespace HealthLedger.Sim.Workload;

/// <summary>
/// A transaction the workload has decided on (sender, sequence, payload) whose signature may be made on another
/// thread. Ed25519 signing is deterministic, so who signs and when cannot change the bytes: <see cref="Transaction"/>
/// is the same whether a helper signed it ahead (<see cref="TrySignAhead"/>) or the caller signs it on the spot. The
/// host decides everything else on its own thread; only the signature moves.
/// </summary>
public sealed class PlannedTransaction
{
    private readonly SigningKey _signer;
    private readonly TaskCompletionSource<Transaction> _signed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _claimed;

    internal PlannedTransaction(SigningKey signer, Hash256 sender, ulong sequence, TxPayload payload, uint lastValidLedger)
    {
        _signer = signer;
        Sender = sender;
        Sequence = sequence;
        Payload = payload;
        LastValidLedger = lastValidLedger;
    }

    /// <summary>The sending account.</summary>
    public Hash256 Sender { get; }

    /// <summary>The sender's sequence number.</summary>
    public ulong Sequence { get; }

    /// <summary>The kind-specific fields.</summary>
    public TxPayload Payload { get; }

    /// <summary>The last ledger it may apply in; 0 for no limit.</summary>
    public uint LastValidLedger { get; }

    /// <summary>The signed transaction: signed here if nobody has started, otherwise waits for the signer that has.</summary>
    public Transaction Transaction
    {
        get
        {
            if (!_signed.Task.IsCompleted) TrySignAhead();
            return _signed.Task.GetAwaiter().GetResult();
        }
    }

    /// <summary>Signs unless somebody already started; true when this call signed it.</summary>
    public bool TrySignAhead()
    {
        if (Interlocked.Exchange(ref _claimed, 1) != 0) return false;
        try
        {
            _signed.SetResult(Transaction.Create(_signer, Sender, Sequence, Payload, LastValidLedger));
        }
        catch (Exception e)
        {
            _signed.SetException(e);
        }
        return true;
    }
}
