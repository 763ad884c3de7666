using System.Diagnostics;
using CsvHelper;
using HealthLedger.Engine.Client;
using HealthLedger.Engine.Crypto;
using HealthLedger.Sim.Core;
using HealthLedger.Sim.Network;
using HealthLedger.Sim.Scenarios;

namespace HealthLedger.Bench.Commands;

/// <summary>restarts.csv (<c>healthledger cluster --kill-cycles N</c>): one row per SIGKILL and restart of a node. Times are seconds since the load started;
/// recovery times are ms from the restart (-1: not within 60 s).</summary>
/// <param name="Cycle">Kill cycle (1-based).</param>
/// <param name="Node">The node killed.</param>
/// <param name="KilledAtSec">When it got SIGKILL.</param>
/// <param name="RestartedAtSec">When its process was started again.</param>
/// <param name="ValidatedBeforeKill">The newest ledger it reported validated just before the kill.</param>
/// <param name="TxsBeforeKill">Transactions in its ledgers up to that one.</param>
/// <param name="ClientConfirmedBeforeKill">Of those, the ones it had answered "applied" to a client.</param>
/// <param name="ClusterHeadAtRestart">The newest ledger any running node had validated when it restarted.</param>
/// <param name="CatchUpMs">Restart to validating the cluster's head (and its own pre-kill ledger).</param>
/// <param name="FirstNewLedgerMs">Restart to its first validated ledger beyond both: it takes part again.</param>
/// <param name="LedgersChecked">Ledgers 1..ValidatedBeforeKill fetched back from it after the restart.</param>
/// <param name="LostLedgers">Of those, missing or different from before the kill.</param>
/// <param name="LostTxs">Transactions it had reported validated (in a ledger, or to a client) that it no longer holds.</param>
/// <param name="RestoreMs">The node's own restore before it listened (reading its state snapshot, checking signatures,
/// replaying), as it logged it; -1 when it did not say.</param>
/// <param name="SnapshotLedger">The state snapshot it restored from; 0 when it replayed its block log from the genesis ledger.</param>
/// <param name="LedgersReplayed">Stored ledgers it replayed.</param>
/// <param name="TxsReplayed">Their transactions.</param>
[CsvRecord]
public sealed partial record RestartRow(int Cycle, int Node, double KilledAtSec, double RestartedAtSec, uint ValidatedBeforeKill, int TxsBeforeKill,
    int ClientConfirmedBeforeKill, uint ClusterHeadAtRestart, double CatchUpMs, double FirstNewLedgerMs, uint LedgersChecked, int LostLedgers, int LostTxs,
    double RestoreMs, uint SnapshotLedger, uint LedgersReplayed, long TxsReplayed);

/// <summary>partitions.csv (<c>healthledger cluster --netns --chaos partition</c>): one row per node cut off and healed.
/// Times are seconds since the load started; recovery times are ms from the heal (-1: not within 60 s).</summary>
/// <param name="Cycle">Partition cycle (1-based).</param>
/// <param name="Node">The node cut off.</param>
/// <param name="CutAtSec">When its link went down.</param>
/// <param name="HealedAtSec">When its link came back up.</param>
/// <param name="ValidatedAtCut">The newest ledger it reported validated just before the cut.</param>
/// <param name="ClusterHeadAtCut">The newest ledger any node had validated just before the cut.</param>
/// <param name="ClusterHeadAtHeal">The newest ledger any node on the other side had validated when the link came back:
/// above <see cref="ClusterHeadAtCut"/> when the rest kept a quorum without it.</param>
/// <param name="CatchUpMs">Heal to validating <see cref="ClusterHeadAtHeal"/> (and its own pre-cut ledger).</param>
/// <param name="FirstNewLedgerMs">Heal to its first validated ledger beyond both: it takes part again.</param>
[CsvRecord]
public sealed partial record PartitionRow(int Cycle, int Node, double CutAtSec, double HealedAtSec, uint ValidatedAtCut, uint ClusterHeadAtCut,
    uint ClusterHeadAtHeal, double CatchUpMs, double FirstNewLedgerMs);

// SIGKILL chaos: a random minority killed at intervals, restarted from its data directory, and timed until it has
// caught up with the ledger the others had validated when it came back. Every restart is also checked for loss: the
// ledgers the node reported validated before its kill are fetched back from it afterwards and compared.
internal sealed partial class ClusterRun
{
    private readonly List<RestartRow> _restarts = [];

    // Per node, the ledgers it has shown us (sequence → hash and transaction ids), so a pre-kill snapshot only
    // fetches what is new since the last one.
    private readonly Dictionary<int, SortedDictionary<uint, (Hash256 Hash, Hash256[] Txs)>> _seen = [];

    public IReadOnlyList<RestartRow> Restarts => _restarts;

    private readonly List<PartitionRow> _partitions = [];

    public IReadOnlyList<PartitionRow> Partitions => _partitions;

    private int _cycle;

    private async Task ChaosAsync(ClusterLoad load, SimRandom rng, CancellationToken token, CancellationTokenSource cyclesDone)
    {
        int n = _processes.Length;
        try
        {
            foreach (var (node, atSec, downSec) in options.ScheduledKills.OrderBy(k => k.AtSec))
            {
                var wait = TimeSpan.FromSeconds(atSec) - _clock.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait, token);
                await KillAndRestartAsync(load, [node], downSec);
            }
            if (!options.ChaosKill && !options.ChaosPartition && options.KillCycles <= 0) return;
            while (options.KillCycles <= 0 || _cycle < options.KillCycles)
            {
                await Task.Delay(TimeSpan.FromSeconds(options.ChaosIntervalSec), token);
                int count = 1 + rng.Next(Math.Max(1, (n - 1) / 3)); // a minority: at most a third
                var victims = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).Take(count).ToArray();
                if (options.ChaosPartition) await CutAndHealAsync(load, victims, options.ChaosDownSec, token);
                else await KillAndRestartAsync(load, victims, options.ChaosDownSec);
            }
            await cyclesDone.CancelAsync();
        }
        catch (OperationCanceledException)
        {
            // The workload ended.
        }
    }

    private async Task KillAndRestartAsync(ClusterLoad load, int[] victims, double downSec)
    {
        int cycle = ++_cycle;
        var before = new Dictionary<int, (uint Validated, int Txs, List<(Hash256 Id, uint Ledger)> Confirmed)>();
        foreach (int v in victims) before[v] = await SnapshotAsync(load, v);
        double killedAt = _clock.Elapsed.TotalSeconds;
        foreach (int v in victims)
        {
            _processes[v].Kill();
            log.WriteLine($"chaos: cycle {cycle}: SIGKILL node {v} at {killedAt:0.0} s (it had reported ledger {before[v].Validated} validated)");
        }
        await Task.Delay(TimeSpan.FromSeconds(downSec));
        uint target = await ClusterHeadAsync(load, victims);
        double restartedAt = _clock.Elapsed.TotalSeconds;
        foreach (int v in victims)
        {
            _processes[v].Start();
            lock (_lock) _crashes.Add(new CrashSpec(v, Math.Round(killedAt * 1000), Math.Round(restartedAt * 1000)));
        }
        foreach (int v in victims)
        {
            var (catchUpMs, firstNewMs) = await CatchUpAsync(load, v, Math.Max(target, before[v].Validated), restartedAt);
            lock (_lock) _recoveries.Add(new RecoveryRecord(v, Math.Round(killedAt, 3), Math.Round(restartedAt, 3), target, Math.Round(catchUpMs, 1)));
            log.WriteLine(catchUpMs >= 0
                ? $"chaos: node {v} restarted and reached ledger {target} in {catchUpMs:0} ms"
                : $"chaos: node {v} did not reach ledger {target} within 60 s of its restart");
            var (checkedCount, lostLedgers, lostTxs) = await CheckNoLossAsync(load, v, before[v].Validated, before[v].Confirmed);
            if (lostLedgers > 0 || lostTxs > 0) log.WriteLine($"chaos: node {v} LOST {lostLedgers} ledgers and {lostTxs} transactions it had reported validated");
            var restore = _processes[v].Restore;
            lock (_lock)
                _restarts.Add(new RestartRow(cycle, v, Math.Round(killedAt, 3), Math.Round(restartedAt, 3), before[v].Validated, before[v].Txs, before[v].Confirmed.Count,
                    target, Math.Round(catchUpMs, 1), Math.Round(firstNewMs, 1), checkedCount, lostLedgers, lostTxs,
                    restore is null ? -1 : Math.Round(restore.Seconds * 1000), restore?.SnapshotLedger ?? 0, restore?.LedgersReplayed ?? 0, restore?.TransactionsReplayed ?? 0));
        }
    }

    /// <summary>Cuts the links of <paramref name="victims"/> for <paramref name="downSec"/>, heals them, and times each
    /// until it has validated what the rest had validated by the heal and then a ledger of its own beyond it. The nodes
    /// keep running throughout: neither side is told, so each finds the other gone only when its connections go dead
    /// (<c>deadLinkMs</c>), and finds it back when a dial gets through after the heal.</summary>
    private async Task CutAndHealAsync(ClusterLoad load, int[] victims, double downSec, CancellationToken token)
    {
        int cycle = ++_cycle;
        var validatedAtCut = new Dictionary<int, uint>();
        foreach (int v in victims) validatedAtCut[v] = await ValidatedAsync(load, v);
        uint headAtCut = await ClusterHeadAsync(load, []);
        double cutAt = _clock.Elapsed.TotalSeconds;
        foreach (int v in victims)
        {
            _hosts!.Cut(v);
            log.WriteLine($"chaos: cycle {cycle}: cut node {v}'s link at {cutAt:0.0} s (it had reported ledger {validatedAtCut[v]} validated, the cluster {headAtCut})");
        }
        double healedAt;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(downSec), token);
        }
        finally
        {
            // Healed (and recorded) even when the run ends during the cut: the drain and the end-of-run checks need every node.
            foreach (int v in victims) _hosts!.Heal(v);
            healedAt = _clock.Elapsed.TotalSeconds;
            lock (_lock) _cuts.Add(new PartitionSpec { StartMs = Math.Round(cutAt * 1000), EndMs = Math.Round(healedAt * 1000), Side = victims });
        }
        uint headAtHeal = await ClusterHeadAsync(load, victims);
        log.WriteLine($"chaos: cycle {cycle}: healed at {healedAt:0.0} s; the others validated {headAtHeal - Math.Min(headAtHeal, headAtCut)} ledgers during the cut (to {headAtHeal})");
        foreach (int v in victims)
        {
            var (catchUpMs, firstNewMs) = await CatchUpAsync(load, v, Math.Max(headAtHeal, validatedAtCut[v]), healedAt);
            log.WriteLine(catchUpMs >= 0
                ? $"chaos: node {v} reached ledger {headAtHeal} {catchUpMs:0} ms after the heal"
                : $"chaos: node {v} did not reach ledger {headAtHeal} within 60 s of the heal");
            lock (_lock)
                _partitions.Add(new PartitionRow(cycle, v, Math.Round(cutAt, 3), Math.Round(healedAt, 3), validatedAtCut[v], headAtCut, headAtHeal,
                    Math.Round(catchUpMs, 1), Math.Round(firstNewMs, 1)));
        }
    }

    /// <summary>The newest ledger any node but <paramref name="excluded"/> reports validated (0 when none answers).</summary>
    private async Task<uint> ClusterHeadAsync(ClusterLoad load, int[] excluded)
    {
        uint head = 0;
        for (int i = 0; i < _processes.Length; i++)
            if (!excluded.Contains(i)) head = Math.Max(head, await ValidatedAsync(load, i));
        return head;
    }

    /// <summary>The newest ledger node <paramref name="v"/> reports validated; 0 when it cannot be asked just now.</summary>
    private static async Task<uint> ValidatedAsync(ClusterLoad load, int v)
    {
        try
        {
            return await load.StatusClientAsync(v, CancellationToken.None) is { } c ? (await c.GetStatusAsync()).ValidatedSequence : 0;
        }
        catch (LedgerUnavailableException)
        {
            return 0; // unreachable just now
        }
    }

    /// <summary>Polls node <paramref name="v"/> for up to 60 s: ms from <paramref name="sinceSec"/> until it validated
    /// <paramref name="caughtUpAt"/>, and until it validated a ledger beyond it (-1 for what did not happen).</summary>
    private async Task<(double CatchUpMs, double FirstNewMs)> CatchUpAsync(ClusterLoad load, int v, uint caughtUpAt, double sinceSec)
    {
        var timer = Stopwatch.StartNew();
        double catchUpMs = -1, firstNewMs = -1;
        while (timer.Elapsed < TimeSpan.FromSeconds(60) && firstNewMs < 0)
        {
            if (await load.StatusClientAsync(v, CancellationToken.None) is { } c)
            {
                try
                {
                    uint validated = (await c.GetStatusAsync()).ValidatedSequence;
                    double ms = (_clock.Elapsed.TotalSeconds - sinceSec) * 1000;
                    if (validated >= caughtUpAt && catchUpMs < 0) catchUpMs = ms;
                    if (validated > caughtUpAt) firstNewMs = ms;
                }
                catch (LedgerUnavailableException)
                {
                    // Still starting, or its link is not back yet.
                }
            }
            if (firstNewMs < 0) await Task.Delay(50);
        }
        return (catchUpMs, firstNewMs);
    }

    /// <summary>What node <paramref name="v"/> reports validated now: its validated sequence, the transactions in its
    /// ledgers up to there (fetching only ledgers not seen before), and what it answered "applied" to clients.</summary>
    private async Task<(uint Validated, int Txs, List<(Hash256 Id, uint Ledger)> Confirmed)> SnapshotAsync(ClusterLoad load, int v)
    {
        if (!_seen.TryGetValue(v, out var seen)) _seen[v] = seen = [];
        uint validated = 0;
        try
        {
            if (await load.StatusClientAsync(v, CancellationToken.None) is { } c)
            {
                validated = (await c.GetStatusAsync()).ValidatedSequence;
                for (uint s = seen.Count == 0 ? 1 : seen.Keys.Max() + 1; s <= validated; s++)
                {
                    if (await c.FetchLedgerAsync(s) is not { } ledger) break;
                    seen[s] = (ledger.Header.Hash, ledger.Transactions.Select(t => t.Id).ToArray());
                }
            }
        }
        catch (LedgerUnavailableException)
        {
            // Unreachable just now: the snapshot holds what was seen before.
        }
        validated = seen.Count == 0 ? 0 : Math.Min(validated, seen.Keys.Max());
        int txs = seen.Where(kv => kv.Key <= validated).Sum(kv => kv.Value.Txs.Length);
        var confirmed = load.AppliedBy(v).Where(a => a.Ledger <= validated).ToList();
        return (validated, txs, confirmed);
    }

    /// <summary>Fetches ledgers 1..<paramref name="validated"/> back from the restarted node and compares them with
    /// what it held before the kill; returns how many were checked and how many ledgers and transactions are gone.</summary>
    private async Task<(uint Checked, int LostLedgers, int LostTxs)> CheckNoLossAsync(ClusterLoad load, int v, uint validated, List<(Hash256 Id, uint Ledger)> confirmed)
    {
        var seen = _seen[v];
        var now = new Dictionary<uint, (Hash256 Hash, HashSet<Hash256> Txs)>();
        for (int attempt = 0; attempt < 3 && now.Count < validated; attempt++)
        {
            try
            {
                if (await load.StatusClientAsync(v, CancellationToken.None) is not { } c) continue;
                for (uint s = (uint)now.Count + 1; s <= validated; s++)
                {
                    if (await c.FetchLedgerAsync(s) is not { } ledger) break;
                    now[s] = (ledger.Header.Hash, ledger.Transactions.Select(t => t.Id).ToHashSet());
                }
            }
            catch (LedgerUnavailableException)
            {
                await Task.Delay(500);
            }
        }
        int lostLedgers = 0, lostTxs = 0;
        for (uint s = 1; s <= validated; s++)
        {
            var (hash, txs) = seen[s];
            if (now.TryGetValue(s, out var after) && after.Hash == hash) continue;
            lostLedgers++;
            lostTxs += after.Txs is null ? txs.Length : txs.Count(id => !after.Txs.Contains(id));
        }
        // Client confirmations are in those ledgers already; counted apart in case a confirmation named another ledger.
        foreach (var (id, ledger) in confirmed)
            if (!(now.TryGetValue(ledger, out var after) && after.Txs.Contains(id)) && !(seen.TryGetValue(ledger, out var b) && b.Txs.Contains(id)))
                lostTxs++;
        return ((uint)now.Count, lostLedgers, lostTxs);
    }
}
