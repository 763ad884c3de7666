using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Storage.BlockLog;
using HealthLedger.Engine.Storage.Snapshots;

namespace HealthLedger.Engine.Node;

/// <summary>Everything a node core is built from. All outside services come in here; the core has no others.</summary>
/// <param name="Parameters">The consensus tunables (validated by the node).</param>
/// <param name="Validators">The validator set; its group weights must equal <see cref="ConsensusParameters.Weights"/>.</param>
/// <param name="Genesis">The genesis ledger every node starts from.</param>
/// <param name="Store">Where fully validated ledgers are persisted; a node restarts from what it holds.</param>
/// <param name="Signer">The node's validator key; null for a node that follows without validating.</param>
/// <param name="MessageVerifier">Checks proposal and validation signatures.</param>
/// <param name="TransactionVerifier">Checks transaction signatures when ledgers are built or replayed.</param>
public sealed record NodeConfig(
    ConsensusParameters Parameters,
    ValidatorSet Validators,
    ClosedLedger Genesis,
    IBlockStore Store,
    IConsensusSigner? Signer,
    IConsensusVerifier MessageVerifier,
    ISignatureVerifier TransactionVerifier)
{
    /// <summary>Where a validator records the last validation it signed (sequence and ledger), so that a restart never
    /// signs a second ledger at that sequence nor leaves the branch it validated while that can still win. The default
    /// lives in memory with this config: it survives a simulated restart that reuses the config, not a process
    /// restart. A real node passes a <see cref="FileSigningWatermark"/> kept beside its block log.</summary>
    public ISigningWatermark Watermark { get; init; } = new MemorySigningWatermark();

    /// <summary>How the node builds the ledger a round accepted: by itself (the default), or through a build shared by
    /// the nodes of one process (<see cref="SharedLedgerBuilds"/>).</summary>
    public ILedgerBuilds Builds { get; init; } = DirectLedgerBuilds.Instance;

    /// <summary>A state snapshot to restore from: when it checks out against <see cref="Genesis"/> and the ledger
    /// <see cref="Store"/> holds at its sequence, the node starts from it and replays only the stored ledgers after it;
    /// otherwise it replays the store from the genesis ledger and says why in <see cref="ConsensusNode.Restore"/>.</summary>
    public StateSnapshot? Snapshot { get; init; }

    /// <summary>The node id of a node without a <see cref="Signer"/> (a validator's node id is its account id).</summary>
    public Hash256 FollowerId { get; init; }
}
