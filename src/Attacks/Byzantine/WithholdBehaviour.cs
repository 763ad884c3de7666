using HealthLedger.Engine.Node;
using HealthLedger.Engine.Node.Messages;

namespace HealthLedger.Attacks.Byzantine;

/// <summary>Takes part in nothing: never sends its proposals or validations (it still relays transactions and serves
/// ledgers). Attacks liveness; the design promises it is survived while the withholding validators stay within the
/// quorum policy's liveness tolerance.</summary>
public sealed class WithholdBehaviour : IByzantineBehaviour
{
    /// <inheritdoc />
    public string Name => "withhold";

    /// <inheritdoc />
    public string Attacks => "liveness";

    /// <inheritdoc />
    public void Transform(ByzantineContext context, NodeEffect effect, List<NodeEffect> output)
    {
        byte[]? message = effect switch { BroadcastEffect b => b.Message, SendEffect s => s.Message, _ => null };
        if (message is not null && ConsensusMessage.TryDecode(message, out var decoded, out _) && decoded is ProposalMessage or ValidationMessage)
            return;
        output.Add(effect);
    }
}
