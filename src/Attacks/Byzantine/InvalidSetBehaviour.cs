using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Node;
using HealthLedger.Engine.Node.Messages;

namespace HealthLedger.Attacks.Byzantine;

/// <summary>
/// Proposes transaction sets that must not be applied and validates ledgers that do not replay. Each of its proposals
/// names, instead of the honest core's set, a set made of a forged transaction (a notarization in another account's
/// name signed with a key that is not that account's) and replays of the transactions of the last ledger it built; it
/// serves that set to whoever asks, so honest nodes can fetch it and dispute it. Each of its validations names a
/// ledger hash of its own making that no ledger has. Attacks validity and integrity; the design promises both are
/// blocked: the ledger rules reject every transaction of the set, a fetched ledger is adopted only if it replays to
/// the validated hash, and a quorum for an unfetchable ledger can at worst stall progress (liveness), never make an
/// honest node commit it.
/// </summary>
public sealed class InvalidSetBehaviour : IByzantineBehaviour
{
    private readonly Dictionary<Hash256, TxSet> _served = [];
    private ClosedLedger? _lastBuilt;
    private SigningKey? _forger;
    private ulong _forgeries;

    /// <inheritdoc />
    public string Name => "invalidSet";

    /// <inheritdoc />
    public string Attacks => "validity";

    /// <summary>The invalid sets proposed so far, by hash.</summary>
    public IReadOnlyDictionary<Hash256, TxSet> Proposed => _served;

    /// <inheritdoc />
    public void Transform(ByzantineContext context, NodeEffect effect, List<NodeEffect> output)
    {
        if (effect is LedgerBuiltEffect built) _lastBuilt = built.Ledger;
        switch (ByzantineMessages.Carried(effect))
        {
            case ProposalMessage p:
                var set = InvalidSet(context, p.LedgerSequence);
                output.Add(Rewrap(effect, ByzantineMessages.Proposal(context, p.LedgerSequence, p.PreviousLedger, p.ProposeSeq, set.Hash, p.CloseTimeMs, p.ValidatedSequence)));
                return;
            case ValidationMessage v:
                output.Add(Rewrap(effect, ByzantineMessages.Validation(context, v.LedgerSequence, Unreplayable(v.LedgerHash))));
                return;
        }
        output.Add(effect);
    }

    /// <inheritdoc />
    public bool Receive(ByzantineContext context, Hash256 from, byte[] message, List<NodeEffect> output)
    {
        if (message.Length == 0 || message[0] != (byte)MessageKind.TxSetRequest) return true;
        if (!ConsensusMessage.TryDecode(message, out var decoded, out _) || decoded is not TxSetRequestMessage request) return true;
        if (!_served.TryGetValue(request.SetHash, out var set)) return true;
        output.Add(new SendEffect(from, request.AnswerFrom(set).Encode()));
        return false;
    }

    /// <summary>A hash no ledger has: what it validates instead of <paramref name="honest"/>.</summary>
    public static Hash256 Unreplayable(Hash256 honest)
    {
        Span<byte> bytes = stackalloc byte[Hash256.Size + 7];
        honest.CopyTo(bytes);
        "invalid"u8.CopyTo(bytes[Hash256.Size..]);
        return Hash256.Compute(bytes);
    }

    /// <summary>A set the rules must reject entirely: a forgery plus replays of the last ledger it built.</summary>
    private TxSet InvalidSet(ByzantineContext context, uint sequence)
    {
        _forger ??= SigningKey.FromLabel(SignatureSchemes.Ed25519, $"forger-{context.NodeIndex}");
        var replays = _lastBuilt?.Transactions ?? [];
        // The victim: the sender of a transaction already applied (a registered account), else the validator itself.
        var victim = replays.Count > 0 ? replays[context.Random.Next(replays.Count)].Sender : context.NodeId;
        Span<byte> document = stackalloc byte[12];
        BitConverter.TryWriteBytes(document, sequence);
        BitConverter.TryWriteBytes(document[4..], ++_forgeries);
        var forged = Transaction.Create(_forger, victim, _forgeries, new Notarize(Hash256.Compute(document), "forged"u8.ToArray()));
        var set = new TxSet([forged, .. replays]);
        if (_served.Count > 64) _served.Clear(); // old rounds' sets are no longer asked for
        _served[set.Hash] = set;
        return set;
    }

    private static NodeEffect Rewrap(NodeEffect original, ConsensusMessage replacement) => original switch
    {
        SendEffect s => new SendEffect(s.To, replacement.Encode()),
        _ => new BroadcastEffect(replacement.Encode()),
    };
}
