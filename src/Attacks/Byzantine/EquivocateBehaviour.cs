using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Node;
using HealthLedger.Engine.Node.Messages;

namespace HealthLedger.Attacks.Byzantine;

/// <summary>
/// Tells every honest peer that it agrees with it. Its own proposals and validations are never sent; instead, each
/// proposal and validation a peer sends it is answered, to that peer alone, with the same position or the same ledger
/// signed with the node's own key. When honest validators disagree (a partition, slow links, different close times),
/// the equivocator has signed different proposals and different validations at one sequence for different peers: its
/// voting power counts toward every competing ledger at once, which is the double signer of docs/risk-model.md.
/// Attacks agreement; the design promises it is survived while the equivocators cannot cover the smallest intersection
/// of two quorums (flat: b &lt; 2Q − N; groups(k=2): fewer than 2t_g − n_g in every group), and breaks beyond that
/// when honest validators split.
/// </summary>
public sealed class EquivocateBehaviour : IByzantineBehaviour
{
    /// <summary>A peer re-sends an unanswered position or validation about once a second; answer a repeat no sooner.</summary>
    private const long ReanswerMs = 900;

    // (peer, message identity) -> when we last answered it; bounded by pruning old sequences.
    private readonly Dictionary<(Hash256 Peer, Hash256 Key), (uint Sequence, long AtMs)> _answered = [];
    private uint _highestSequence;

    /// <inheritdoc />
    public string Name => "equivocate";

    /// <inheritdoc />
    public string Attacks => "agreement";

    /// <inheritdoc />
    public void Transform(ByzantineContext context, NodeEffect effect, List<NodeEffect> output)
    {
        if (!ByzantineMessages.IsVote(ByzantineMessages.Carried(effect))) output.Add(effect);
    }

    /// <inheritdoc />
    public bool Receive(ByzantineContext context, Hash256 from, byte[] message, List<NodeEffect> output)
    {
        if (!ConsensusMessage.TryDecode(message, out var decoded, out _)) return true;
        switch (decoded)
        {
            case ProposalMessage p when p.Validator == from && ShouldAnswer(context, from, Hash256.Compute(p.SignedBytes()), p.LedgerSequence):
                output.Add(new SendEffect(from, ByzantineMessages.Proposal(context, p).Encode()));
                break;
            case ValidationMessage v when v.Validator == from && ShouldAnswer(context, from, v.LedgerHash, v.LedgerSequence):
                output.Add(new SendEffect(from, ByzantineMessages.Validation(context, v.LedgerSequence, v.LedgerHash).Encode()));
                break;
        }
        return true;
    }

    /// <summary>True when this (peer, message) has not been answered in the last <see cref="ReanswerMs"/>. Two
    /// equivocators answer each other at most once a round this way, never in a loop.</summary>
    private bool ShouldAnswer(ByzantineContext context, Hash256 peer, Hash256 key, uint sequence)
    {
        if (sequence > _highestSequence)
        {
            _highestSequence = sequence;
            if (_answered.Count > 4096)
                foreach (var stale in _answered.Where(kv => kv.Value.Sequence + 8 < sequence).Select(kv => kv.Key).ToList()) _answered.Remove(stale);
        }
        if (_answered.TryGetValue((peer, key), out var last) && context.NowMs - last.AtMs < ReanswerMs) return false;
        _answered[(peer, key)] = (sequence, context.NowMs);
        return true;
    }
}
