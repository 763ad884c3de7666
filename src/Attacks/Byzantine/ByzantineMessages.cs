using HealthLedger.Engine.Node;
using HealthLedger.Engine.Node.Messages;

namespace HealthLedger.Attacks.Byzantine;

/// <summary>Helpers shared by behaviours: what message an effect carries, and signing messages with the node's own key.</summary>
public static class ByzantineMessages
{
    /// <summary>The decoded message a send or broadcast carries; null for other effects or undecodable bytes.</summary>
    public static ConsensusMessage? Carried(NodeEffect effect)
    {
        byte[]? bytes = effect switch { BroadcastEffect b => b.Message, SendEffect s => s.Message, _ => null };
        return bytes is not null && ConsensusMessage.TryDecode(bytes, out var decoded, out _) ? decoded : null;
    }

    /// <summary>True for the messages that state a validator's position or vote: proposals and validations.</summary>
    public static bool IsVote(ConsensusMessage? message) => message is ProposalMessage or ValidationMessage;

    /// <summary>A validation of <paramref name="ledgerHash"/> at <paramref name="sequence"/>, signed with the node's key.</summary>
    public static ValidationMessage Validation(ByzantineContext context, uint sequence, Engine.Crypto.Hash256 ledgerHash) =>
        new(context.NodeId, sequence, ledgerHash, context.Signer.Sign(ValidationMessage.SignedBytesFor(context.NodeId, sequence, ledgerHash)));

    /// <summary>The node's own signed copy of a position: the fields of <paramref name="position"/>, its own id and signature.</summary>
    public static ProposalMessage Proposal(ByzantineContext context, ProposalMessage position) =>
        Proposal(context, position.LedgerSequence, position.PreviousLedger, position.ProposeSeq, position.TxSetHash, position.CloseTimeMs,
            position.ValidatedSequence);

    /// <summary>A proposal with these fields, signed with the node's key.</summary>
    public static ProposalMessage Proposal(ByzantineContext context, uint sequence, Engine.Crypto.Hash256 previous, uint proposeSeq,
        Engine.Crypto.Hash256 setHash, long closeTimeMs, uint? validatedSequence = null)
    {
        // A forged position claims the previous ledger as validated unless told otherwise.
        uint validated = validatedSequence ?? (sequence > 0 ? sequence - 1 : 0);
        return new(context.NodeId, sequence, previous, proposeSeq, setHash, closeTimeMs, validated,
            context.Signer.Sign(ProposalMessage.SignedBytesFor(context.NodeId, sequence, previous, proposeSeq, setHash, closeTimeMs, validated)));
    }
}
