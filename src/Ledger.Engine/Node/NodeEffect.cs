using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;

namespace HealthLedger.Engine.Node;

/// <summary>Something the node core asks its host to do or to know. The host drains effects after every input, in
/// order, with <see cref="ConsensusNode.DrainEffects"/>.</summary>
public abstract record NodeEffect;

/// <summary>Send <paramref name="Message"/> to the peer <paramref name="To"/>.</summary>
/// <param name="To">The peer's node id (a validator's account id).</param>
/// <param name="Message">The encoded message.</param>
public sealed record SendEffect(Hash256 To, byte[] Message) : NodeEffect;

/// <summary>Send <paramref name="Message"/> to every peer.</summary>
/// <param name="Message">The encoded message.</param>
public sealed record BroadcastEffect(byte[] Message) : NodeEffect;

/// <summary>The ledger is fully validated (its validations satisfy the quorum policy, or a later validated ledger
/// descends from it) and has been written to the block store. Reported once per sequence, in sequence order.</summary>
/// <param name="Ledger">The ledger.</param>
public sealed record LedgerValidatedEffect(ClosedLedger Ledger) : NodeEffect;

/// <summary>The node built a ledger from the set its round accepted (not yet validated), for metrics.</summary>
/// <param name="Ledger">The ledger built.</param>
/// <param name="EstablishMs">How long the establish phase ran.</param>
/// <param name="Abandoned">True when the round gave up waiting for agreement and accepted the node's own position.</param>
public sealed record LedgerBuiltEffect(ClosedLedger Ledger, long EstablishMs, bool Abandoned) : NodeEffect;

/// <summary>A transaction submitted to or relayed through this node will not be applied.</summary>
/// <param name="TxId">The transaction's id.</param>
/// <param name="Result">The state transition rule that rejected it, when one did.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record TransactionRejectedEffect(Hash256 TxId, TxResult? Result, string Reason) : NodeEffect;

/// <summary>Call <see cref="ConsensusNode.HandleTick"/> at <paramref name="DeadlineMs"/> (replaces any earlier timer).</summary>
/// <param name="DeadlineMs">The host time at which to tick.</param>
public sealed record ArmTimerEffect(long DeadlineMs) : NodeEffect;
