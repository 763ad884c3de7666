using System.Numerics;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Node.Messages;

namespace HealthLedger.Engine.Node;

// Catch-up and wrong-ledger recovery: fetch ledgers from peers, check them by replay on a parent the node holds, and
// move the round to the ledger the network is on.
public sealed partial class ConsensusNode
{
    private const int MaxOrphans = 256;

    private readonly SortedDictionary<Hash256, Fetch> _ledgerFetches = [];
    // Fetched ledgers whose parent the node does not hold yet, by parent hash.
    private readonly SortedDictionary<Hash256, LedgerResponseMessage> _orphans = [];

    private void FetchLedger(uint sequence, Hash256 hash)
    {
        if (_ledgers.ContainsKey(hash) || _ledgerFetches.ContainsKey(hash) || _ledgerFetches.Count >= MaxOutstandingFetches) return;
        if (sequence <= _validated.Sequence) return; // the validated history is final; nothing below it is fetched
        _ledgerFetches[hash] = new Fetch(sequence, _nowMs, -1);
        AskForLedger(sequence, hash, 0);
    }

    /// <summary>Asks a peer for the ledger, rotating with each attempt: first those likely to hold it (they validated
    /// it or build on it), then every other validator, since a likely holder may have restarted without it.</summary>
    private void AskForLedger(uint sequence, Hash256 hash, int attempt)
    {
        var likely = new List<int>();
        var others = new List<int>();
        _validations.TryGetValue(sequence, out var at);
        for (int i = 0; i < _validators.Count; i++)
        {
            if (i == _selfIndex) continue;
            bool validated = at is not null && at[i]?.LedgerHash == hash;
            bool builds = _positions[i] is { } p && p.Message.PreviousLedger == hash;
            (validated || builds ? likely : others).Add(i);
        }
        likely.AddRange(others);
        if (likely.Count == 0) return;
        Send(NodeIdOf(likely[attempt % likely.Count]), new LedgerRequestMessage(sequence, hash));
    }

    private void OnLedgerRequest(Hash256 from, LedgerRequestMessage request)
    {
        if (_ledgers.TryGetValue(request.LedgerHash, out var ledger) && ledger.Sequence == request.LedgerSequence)
        {
            Send(from, LedgerResponseMessage.For(ledger));
            return;
        }
        if (_store.TryGet(request.LedgerSequence, out var entry) && entry.Hash == request.LedgerHash)
        {
            _effects.Add(new SendEffect(from, entry.Blob.ToArray())); // the store keeps the response's exact bytes
            return;
        }
        Counters.Drop(DropReason.NotAvailable);
    }

    private void OnLedgerResponse(LedgerResponseMessage response)
    {
        var hash = response.Header.Hash;
        if (!_ledgerFetches.TryGetValue(hash, out var fetch))
        {
            Counters.Drop(_ledgers.ContainsKey(hash) ? DropReason.Duplicate : DropReason.Unsolicited);
            return;
        }
        if (fetch.Sequence != response.Header.Sequence) { Counters.Drop(DropReason.BadContent); return; }
        if (response.Header.Sequence <= _validated.Sequence)
        {
            _ledgerFetches.Remove(hash);
            Counters.Drop(DropReason.Stale);
            return;
        }
        if (!_ledgers.TryGetValue(response.Header.ParentHash, out var parent))
        {
            // Keep it until its parent arrives; the parent is the next thing to fetch.
            _ledgerFetches.Remove(hash);
            if (_orphans.Count < MaxOrphans) _orphans[response.Header.ParentHash] = response;
            FetchLedger(response.Header.Sequence - 1, response.Header.ParentHash);
            return;
        }
        var ledger = Replay(parent, response);
        if (ledger is null)
        {
            // The peer sent content that does not reproduce the hash: ask someone else at the next tick.
            Counters.Drop(DropReason.BadContent);
            fetch.AskedMs = long.MinValue / 2;
            return;
        }
        _ledgerFetches.Remove(hash);
        AddFetchedLedger(ledger);
    }

    private void AddFetchedLedger(ClosedLedger ledger)
    {
        while (true)
        {
            _ledgers[ledger.Hash] = ledger;
            Counters.LedgersFetched++;
            if (!_orphans.Remove(ledger.Hash, out var child)) break;
            var next = Replay(ledger, child);
            if (next is null) { Counters.Drop(DropReason.BadContent); break; }
            ledger = next;
        }
        // Re-examine every sequence the new ledgers may complete.
        var sequences = _validations.Keys.Order().ToList();
        foreach (var s in sequences) CheckFullValidation(s);
        CheckLedgerChoice();
    }

    /// <summary>
    /// Wrong-ledger detection (after rippled's checkLedger): the ledger the network is on is the one with the most
    /// power behind it, from validations at the node's last closed sequence and from fresh proposals that build on
    /// some ledger. When another ledger than ours has strictly more power, the node switches to it (fetching it
    /// first if needed) and restarts its round there. Ties keep the node where it is, so it never flaps.
    /// </summary>
    private void CheckLedgerChoice()
    {
        if (!IsValidator) return;
        // Nobody names another ledger at the sequences weighed here: only ours can have support.
        if (_elsewhereCount == 0) return;
        var support = new SortedDictionary<Hash256, (uint Sequence, BigInteger Power)>();
        void Add(Hash256 hash, uint sequence, BigInteger power)
        {
            if (sequence <= _validated.Sequence) return;
            var (s, p) = support.GetValueOrDefault(hash, (sequence, BigInteger.Zero));
            support[hash] = (s, p + power);
        }
        var counted = new bool[_validators.Count];
        for (int i = 0; i < _positions.Length; i++)
        {
            if (_positions[i] is not { } p || !IsFresh(p) || p.Message.LedgerSequence <= _lcl.Sequence) continue;
            counted[i] = true;
            Add(p.Message.PreviousLedger, p.Message.LedgerSequence - 1, _validators.PowerOf(i));
        }
        if (_validations.TryGetValue(_lcl.Sequence, out var at))
            for (int i = 0; i < at.Length; i++)
                if (at[i]?.LedgerHash is { } h && !counted[i] && i != _selfIndex) { counted[i] = true; Add(h, _lcl.Sequence, _validators.PowerOf(i)); }
        if (_lcl.Sequence > _validated.Sequence || support.ContainsKey(_lcl.Hash))
            Add(_lcl.Hash, _lcl.Sequence, _validators.PowerOf(_selfIndex));

        // Preference: more power, then the longer branch (the network got further on it), then the lower hash. Every
        // node ranks alike given the same messages, so equal-power forks resolve instead of each side keeping its own.
        var ours = support.TryGetValue(_lcl.Hash, out var o) ? o.Power : _validators.PowerOf(_selfIndex);
        Hash256? best = null;
        uint bestSequence = _lcl.Sequence;
        BigInteger bestPower = ours;
        Hash256 bestHash = _lcl.Hash;
        foreach (var (hash, (sequence, power)) in support)
        {
            if (hash == _lcl.Hash) continue;
            bool better = power > bestPower
                || (power == bestPower && sequence > bestSequence)
                || (power == bestPower && sequence == bestSequence && hash < bestHash);
            if (!better) continue;
            best = hash;
            bestSequence = sequence;
            bestPower = power;
            bestHash = hash;
        }
        if (best is not { } target) return;
        if (_ledgers.TryGetValue(target, out var ledger))
        {
            if (!DescendsFrom(ledger, _validated)) return;
            Counters.LedgerSwitches++;
            Validate(ledger); // only if we have not validated at its sequence: never two validations per sequence
            StartRound(ledger);
        }
        else
        {
            FetchLedger(bestSequence, target);
        }
    }
}
