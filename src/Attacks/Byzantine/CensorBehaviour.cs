using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Node;
using HealthLedger.Engine.Node.Messages;

namespace HealthLedger.Attacks.Byzantine;

/// <summary>
/// Censors chosen senders: every transaction whose sender's account id falls in the targeted share (the first byte of
/// the id below targetedShare x 256, the same choice at every censoring node, so censors collude) is
/// never relayed, never let into the node's core from a client or a peer's relay, and so never in the node's own
/// initial position. The core still fetches honest peers' sets and votes on disputes, so a censored transaction
/// proposed by honest validators can still win. Attacks liveness (for the targeted senders); the design promises it
/// is survived — the transactions are validated through honest validators, at a latency cost — while the censors
/// stay within the liveness tolerance.
/// </summary>
/// <param name="targetedShare">The share of accounts censored, in (0, 1].</param>
public sealed class CensorBehaviour(double targetedShare = 0.25) : IByzantineBehaviour
{
    /// <inheritdoc />
    public string Name => "censor";

    /// <inheritdoc />
    public string Attacks => "liveness";

    /// <summary>How many relays, client submissions and peer relays it dropped.</summary>
    public long Dropped { get; private set; }

    /// <summary>True when transactions from <paramref name="sender"/> are censored.</summary>
    public bool Targets(Hash256 sender) => (sender.Nibble(0) * 16 + sender.Nibble(1)) < targetedShare * 256;

    /// <inheritdoc />
    public void Transform(ByzantineContext context, NodeEffect effect, List<NodeEffect> output)
    {
        if (ByzantineMessages.Carried(effect) is TransactionMessage t && Targets(t.Transaction.Sender))
        {
            Dropped++;
            return;
        }
        output.Add(effect);
    }

    /// <inheritdoc />
    public bool Receive(ByzantineContext context, Hash256 from, byte[] message, List<NodeEffect> output)
    {
        if (message.Length == 0 || message[0] != (byte)MessageKind.Transaction) return true;
        if (!ConsensusMessage.TryDecode(message, out var decoded, out _) || decoded is not TransactionMessage t || !Targets(t.Transaction.Sender)) return true;
        Dropped++;
        return false;
    }

    /// <inheritdoc />
    public bool AdmitSubmission(ByzantineContext context, Transaction transaction)
    {
        if (!Targets(transaction.Sender)) return true;
        Dropped++;
        return false;
    }
}
