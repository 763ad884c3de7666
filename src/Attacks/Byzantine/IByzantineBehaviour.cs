using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Node;

namespace HealthLedger.Attacks.Byzantine;

/// <summary>
/// A Byzantine validator: the honest node core runs underneath, and the behaviour rewrites what it does. Every effect
/// the core produces passes through <see cref="Transform"/>, which writes the effects actually carried out into
/// <c>output</c> — the same effect (honest), nothing (withhold), something else (an invalid proposal), or different
/// messages to different peers (equivocation), signed with the node's own key through <see cref="ByzantineContext.Signer"/>.
/// Behaviours must be deterministic given the context's random stream.
/// </summary>
public interface IByzantineBehaviour
{
    /// <summary>A short name for reports.</summary>
    string Name { get; }

    /// <summary>The invariant this behaviour attacks (agreement, validity, liveness, …).</summary>
    string Attacks { get; }

    /// <summary>Rewrites one effect of the honest core into the effects carried out.</summary>
    void Transform(ByzantineContext context, NodeEffect effect, List<NodeEffect> output);

    /// <summary>Sees a peer's message before the core does (the adversary reads its own inbox). Returns false to keep
    /// the message from the core. Effects written to <paramref name="output"/> are carried out after the core's
    /// (transformed) effects for this input; they are the adversary's own and are not transformed again. The default
    /// sees nothing and admits everything.</summary>
    bool Receive(ByzantineContext context, Hash256 from, byte[] message, List<NodeEffect> output) => true;

    /// <summary>Whether a client's submission reaches the core. A refusal is silent: the client learns nothing and,
    /// in the simulator, resubmits to another node after its timeout. The default admits everything.</summary>
    bool AdmitSubmission(ByzantineContext context, HealthLedger.Engine.Ledger.Transaction transaction) => true;
}

/// <summary>What a Byzantine behaviour may use: who it is, who its peers are, its key, a seeded random stream and the time.</summary>
/// <param name="NodeIndex">The node's index in the run.</param>
/// <param name="NodeId">The node's validator id.</param>
/// <param name="Peers">Every other validator's id, in index order.</param>
/// <param name="Validators">The validator set.</param>
/// <param name="Signer">The node's signer (the adversary holds its own key).</param>
/// <param name="Random">The behaviour's own random stream.</param>
public sealed record ByzantineContext(int NodeIndex, Hash256 NodeId, IReadOnlyList<Hash256> Peers, ValidatorSet Validators,
    IConsensusSigner Signer, Random Random)
{
    /// <summary>The node's local time at the input being handled.</summary>
    public long NowMs { get; set; }
}
