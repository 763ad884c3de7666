using HealthLedger.Sim.Workload;
using HealthLedger.Engine.Client;
using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Net;
using HealthLedger.Engine.Node.Messages;
using HealthLedger.Sim.Metrics;
using HealthLedger.Sim.Scenarios;
using HealthLedger.Sim.Simulation;

namespace HealthLedger.Bench.Commands;

// The end of a cluster run: every node's chain fetched over TCP and the invariants checked on what the nodes hold.
internal sealed partial class ClusterRun
{
    /// <summary>What the end-of-run checks keep of a fetched ledger: its header's hash and close time and its
    /// transactions' ids, about 32 bytes a transaction where the decoded ledger held 2-3 KB. With every node's whole
    /// chain held decoded, a 1,000-second run at 1,000 tx/s took the load generator past 11 GB (2026-12-07).</summary>
    internal sealed record LedgerSummary(uint Sequence, Hash256 Hash, long CloseTimeMs, Hash256[] TxIds)
    {
        public static LedgerSummary Of(LedgerResponseMessage ledger) =>
            new(ledger.Header.Sequence, ledger.Header.Hash, ledger.Header.CloseTimeMs, [.. ledger.Transactions.Select(t => t.Id)]);
    }

    private async Task<SimulationResult> CollectAsync(ClusterLayout layout, ClusterLoad load, Scenario scenario, long endUs)
    {
        int n = _processes.Length;
        var chains = new List<LedgerSummary>[n];
        var statuses = new NodeStatus?[n];
        TcpLedgerClient? longestClient = null;
        int longest = -1;
        var connected = new TcpLedgerClient?[n];
        try
        {
            for (int i = 0; i < n; i++)
            {
                chains[i] = [];
                TcpLedgerClient? client = null;
                for (int attempt = 0; attempt < 50 && client is null; attempt++)
                {
                    try
                    {
                        client = await TcpLedgerClient.ConnectAsync(layout.EndPoints[i], layout.Genesis, new CachingTransactionVerifier(SignatureVerifier.Instance));
                    }
                    catch (LedgerUnavailableException)
                    {
                        await Task.Delay(200);
                    }
                }
                connected[i] = client;
            }
            // Every node's validated sequence first, read together, then each chain up to it: the nodes keep closing
            // (empty) ledgers after the load, and fetching a long chain takes seconds, so a status read just before its
            // own chain's fetch had the last nodes ahead of the first (a 1,000 s run at 1,000 tx/s: 452 against 457,
            // liveness "broken"; 2026-12-07).
            for (int i = 0; i < n; i++)
                if (connected[i] is { } client) statuses[i] = await client.GetStatusAsync();
            for (int i = 0; i < n; i++)
            {
                if (connected[i] is not { } client || statuses[i] is not { } status) continue;
                for (uint s = 1; s <= status.ValidatedSequence; s++)
                {
                    if (await client.FetchLedgerAsync(s) is not { } ledger) break;
                    chains[i].Add(LedgerSummary.Of(ledger));
                }
                if (longest < 0 || chains[i].Count > chains[longest].Count) (longest, longestClient) = (i, client);
            }

            var invariants = new List<InvariantResult>();
            InvariantResult Verdict(string name, string? violation, string ok) => new(name, "holds", violation is null ? "holds" : "breaks", violation ?? ok);

            // Agreement: the same ledger at every sequence any two nodes hold.
            string? agreement = null;
            int maxLen = longest < 0 ? 0 : chains[longest].Count;
            for (int s = 0; s < maxLen && agreement is null; s++)
                for (int i = 0; i < n && agreement is null; i++)
                    if (chains[i].Count > s && chains[i][s].Hash != chains[longest][s].Hash)
                        agreement = $"ledger {s + 1}: node {longest} holds {chains[longest][s].Hash.ToShortString()}, node {i} holds {chains[i][s].Hash.ToShortString()}";
            invariants.Add(Verdict("agreement", agreement, $"{maxLen} sequences; every node's stored chain agrees"));

            // Validity and integrity: the longest chain replays from genesis (signatures, rules, roots and hashes).
            string? validity = null;
            if (longestClient is not null && maxLen > 0)
            {
                try
                {
                    var head = await longestClient.GetLedgerAsync((uint)maxLen);
                    if (head is null) validity = $"node {longest}'s chain did not replay to ledger {maxLen}";
                }
                catch (LedgerUnavailableException e)
                {
                    validity = e.Message;
                }
            }
            invariants.Add(Verdict("validity", validity, $"{maxLen} ledgers replayed from genesis; every transaction applies under the rules"));
            invariants.Add(Verdict("integrity", validity, $"{maxLen} headers: parent links, transaction roots and state roots recompute"));

            // No loss: every transaction a node reported validated is in that ledger on every node that holds it.
            // Per node, the ledger each transaction it holds is in.
            var whereOn = chains.Select(chain =>
            {
                var at = new Dictionary<Hash256, uint>();
                foreach (var l in chain)
                    foreach (var id in l.TxIds) at[id] = l.Sequence;
                return at;
            }).ToArray();
            var where = longest >= 0 ? whereOn[longest] : [];
            string? loss = null;
            int validated = 0;
            foreach (var t in load.Tracks.Where(t => t.Outcome == TxOutcome.Validated))
            {
                validated++;
                if (!where.TryGetValue(t.Id, out var seq))
                {
                    loss ??= $"transaction {t.Id.ToShortString()} was reported applied (ledger {t.Ledger}) but no node holds it";
                    continue;
                }
                if (t.Ledger == 0) t.Ledger = seq;
                else if (t.Ledger != seq) loss ??= $"transaction {t.Id.ToShortString()} was reported in ledger {t.Ledger} but is in {seq}";
                for (int i = 0; i < n && loss is null; i++)
                    if (chains[i].Count >= seq && !(whereOn[i].TryGetValue(t.Id, out var there) && there == seq))
                        loss = $"node {i}'s ledger {seq} lacks transaction {t.Id.ToShortString()}";
            }
            int kills = _crashes.Count;
            invariants.Add(Verdict("noLoss", loss, $"{validated} validated transactions present on every node; {kills} SIGKILL(s), restarts resumed from disk"));

            // Liveness: every operation reached an outcome, and every node caught up with the longest chain.
            int pending = load.Tracks.Count(t => t.Outcome == TxOutcome.Pending) + load.NeverSubmitted;
            var behind = Enumerable.Range(0, n).Where(i => chains[i].Count + 2 < maxLen).ToList();
            string? liveness = pending > 0 ? $"{pending} operations still pending at the end ({load.NeverSubmitted} never submitted)"
                : behind.Count > 0 ? $"nodes {string.Join(",", behind)} did not catch up (hold {string.Join(",", behind.Select(i => chains[i].Count))} of {maxLen} ledgers)" : null;
            invariants.Add(Verdict("liveness", liveness, $"all {load.Tracks.Count} transactions reached an outcome; every node within 2 ledgers of the newest"));

            var transactions = load.Tracks.Select(t => t.ToRecord()).ToList();
            foreach (var (planned, kind, node) in load.Deferred) transactions.Add(TrackedTransaction.NeverSubmitted(planned, kind, node));
            List<LedgerRecord> ledgers;
            lock (_lock)
                ledgers = longest < 0 ? [] : chains[longest].Select(l => new LedgerRecord(l.Sequence, l.Hash, l.CloseTimeMs, l.TxIds.Length,
                    _firstSeenUs.GetValueOrDefault(l.Sequence, -1), chains.Count(c => c.Count >= l.Sequence))).ToList();
            var nodes = Enumerable.Range(0, n).Select(i =>
            {
                var s = statuses[i] ?? default;
                string data = Path.Combine(Path.GetDirectoryName(_processes[i].ConfigPath)!, "data");
                long storage = Directory.Exists(data) ? new DirectoryInfo(data).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;
                return new NodeRecord(i, layout.Groups[i], (long)_processes[i].CpuTime.TotalMicroseconds, s.FramesSent, s.BytesSent, s.FramesReceived, s.BytesReceived,
                    storage, s.ValidatedSequence, s.Dropped, _processes[i].Starts - 1, "");
            }).ToList();
            return new SimulationResult
            {
                Transactions = transactions,
                Ledgers = ledgers,
                Nodes = nodes,
                Invariants = invariants,
                Latency = load.Latency,
                Throughput = load.Throughput,
                SimulatedUs = endUs,
                Events = nodes.Sum(x => x.MessagesReceived),
                Network = (0, 0, 0),
            };
        }
        finally
        {
            foreach (var c in connected)
                if (c is not null) await c.DisposeAsync();
        }
    }
}
