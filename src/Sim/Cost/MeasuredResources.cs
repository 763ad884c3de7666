using HealthLedger.Engine.Encoding;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Ledger.State;
using HealthLedger.Sim.Scenarios;
using HealthLedger.Sim.Simulation;

namespace HealthLedger.Sim.Cost;

/// <summary>
/// What a run used, per node, over <see cref="MeasuredSec"/> seconds of workload: the inputs of the ledger's normal
/// cost before they are scaled to a period. Full-node figures are means over the run's validators; light-node
/// figures are means over the workload's participants (each participant's device is a light node, seed 3.6).
/// </summary>
/// <param name="MeasuredSec">The workload's duration: every rate is taken over it (the drain's work serves the
/// workload's transactions and is counted too, docs/cost-model.md).</param>
/// <param name="Validators">Validators in the run.</param>
/// <param name="Participants">Workload participants (patients, providers, insurers).</param>
/// <param name="Ledgers">Ledgers validated.</param>
/// <param name="ValidatedTransactions">Transactions in validated ledgers.</param>
/// <param name="RecordsRegistered">Record registrations among them (new versions not counted).</param>
/// <param name="TransactionBytes">Encoded bytes of the validated transactions.</param>
/// <param name="GenesisStateBytes">State bytes at genesis (the participants' accounts): held from the start, not grown.</param>
/// <param name="CpuSecondsPerFullNode">The CPU model's busy time per validator (verify, sign, hash, apply, per-message cost).</param>
/// <param name="BlockLogBytesPerFullNode">Block store bytes per validator (every stored ledger: header and transactions).</param>
/// <param name="StateBytesPerFullNode">State bytes per validator at its last validated ledger: every entry's key and encoding.</param>
/// <param name="BytesSentPerFullNode">Consensus bytes sent per validator.</param>
/// <param name="BytesReceivedPerFullNode">Consensus bytes received per validator.</param>
/// <param name="HeaderBytesPerLightNode">Every validated header (116 bytes each).</param>
/// <param name="ProofBytesPerLightNode">The participant's own transactions with their index and audit path (the
/// existence proof without the headers, which the light node keeps anyway).</param>
/// <param name="CpuSecondsPerLightNode">Hashing the headers and checking its own proofs (one verification and the path each).</param>
/// <param name="BytesReceivedPerLightNode">Headers and own proofs received.</param>
/// <param name="Source">Where the figures come from, and what is not measured.</param>
public sealed record MeasuredResources(
    double MeasuredSec,
    int Validators,
    int Participants,
    int Ledgers,
    long ValidatedTransactions,
    long RecordsRegistered,
    long TransactionBytes,
    double GenesisStateBytes,
    double CpuSecondsPerFullNode,
    double BlockLogBytesPerFullNode,
    double StateBytesPerFullNode,
    double BytesSentPerFullNode,
    double BytesReceivedPerFullNode,
    double HeaderBytesPerLightNode,
    double ProofBytesPerLightNode,
    double CpuSecondsPerLightNode,
    double BytesReceivedPerLightNode,
    string Source)
{
    /// <summary>Bytes per proof besides the transaction and its path: u32 index and u8 path length.</summary>
    public const int ProofOverheadBytes = 5;

    /// <summary>Measures a finished run of <paramref name="scenario"/>.</summary>
    public static MeasuredResources Of(Scenario scenario, SimulationResult result)
    {
        var cpu = scenario.Cpu;
        int validators = Math.Max(1, result.Nodes.Count);
        int participants = Math.Max(1, scenario.Workload.Patients + scenario.Workload.Providers + scenario.Workload.Insurers);
        var chain = result.Chain;
        var bySequence = chain.ToDictionary(l => l.Sequence);

        long txCount = 0, records = 0, txBytes = 0, proofBytes = 0;
        double proofHashUs = 0;
        foreach (var ledger in chain.Skip(1))
        {
            int count = ledger.Transactions.Count;
            for (int i = 0; i < count; i++)
            {
                var tx = ledger.Transactions[i];
                txCount++;
                if (tx.Kind == TxKind.RegisterRecord) records++;
                int bytes = tx.Encoded.Length + ProofOverheadBytes + 32 * AuditPathLength(i, count);
                txBytes += tx.Encoded.Length;
                proofBytes += bytes;
                proofHashUs += bytes / 1024.0 * cpu.HashUsPerKiB;
            }
        }
        // Without the ledgers (a loopback cluster) the counts come from the ledger records.
        int ledgers = chain.Count > 1 ? chain.Count - 1 : result.Ledgers.Count;
        if (chain.Count <= 1)
        {
            txCount = result.Ledgers.Sum(l => (long)l.TxCount);
            records = result.Transactions.Count(t => t.Outcome == TxOutcome.Validated && t.Kind == nameof(TxKind.RegisterRecord));
        }

        var stateCache = new Dictionary<uint, long>();
        long StateAt(uint sequence)
        {
            if (!bySequence.TryGetValue(sequence, out var ledger)) return 0;
            if (!stateCache.TryGetValue(sequence, out long bytes)) stateCache[sequence] = bytes = StateBytes(ledger.State);
            return bytes;
        }
        double genesisState = chain.Count > 0 ? StateBytes(chain[0].State) : 0;

        double headerBytes = (double)ledgers * LedgerHeader.EncodedBytes;
        double lightProofBytes = (double)proofBytes / participants;
        double lightCpuUs = ledgers * (LedgerHeader.EncodedBytes / 1024.0 * cpu.HashUsPerKiB)
                            + (txCount * cpu.VerifyUs + proofHashUs) / participants;
        string source = chain.Count > 1
            ? "simulator: CPU model processor time, block store and state bytes, consensus bytes on the modelled network"
            : "a host without the ledgers (loopback cluster): CPU is each node process's CPU time, start-up included; state, proofs and transaction bytes not measured (0)";
        return new MeasuredResources(
            scenario.DurationSec, result.Nodes.Count, participants, ledgers, txCount, records, txBytes, genesisState,
            result.Nodes.Sum(n => n.CpuUs / 1e6) / validators,
            result.Nodes.Sum(n => (double)n.StorageBytes) / validators,
            result.Nodes.Sum(n => (double)StateAt(n.ValidatedSequence)) / validators,
            result.Nodes.Sum(n => (double)n.BytesSent) / validators,
            result.Nodes.Sum(n => (double)n.BytesReceived) / validators,
            headerBytes, lightProofBytes, lightCpuUs / 1e6, headerBytes + lightProofBytes, source);
    }

    /// <summary>
    /// The resources of one period of <paramref name="periodSec"/> seconds at the measured rates. CPU and network are
    /// flows, scaled by periodSec / MeasuredSec; storage is what a node holds at the end of the period: the genesis
    /// state plus the measured growth scaled the same way (docs/cost-model.md: the first period; later periods hold more).
    /// </summary>
    public ResourceUsage PerPeriod(double periodSec, int fullNodes, int lightNodes)
    {
        double k = Scale(periodSec);
        double grownFull = Math.Max(0, BlockLogBytesPerFullNode + StateBytesPerFullNode - GenesisStateBytes);
        return new ResourceUsage(fullNodes, lightNodes,
            CpuSecondsPerFullNode * k, CpuSecondsPerLightNode * k,
            GenesisStateBytes + grownFull * k, (HeaderBytesPerLightNode + ProofBytesPerLightNode) * k,
            (BytesSentPerFullNode + BytesReceivedPerFullNode) * k, BytesReceivedPerLightNode * k);
    }

    /// <summary>periodSec / MeasuredSec: how many measured windows fit in a period.</summary>
    public double Scale(double periodSec) => periodSec / MeasuredSec;

    /// <summary>
    /// A centralized baseline of <paramref name="servers"/> servers carrying the same transactions for a period: each
    /// server verifies and applies every transaction (the CPU model's verify, apply, per-message and hashing costs),
    /// keeps the transaction log and the state, and the primary ships every transaction to each standby. Client
    /// submissions and replies are left out here as they are for the ledger (both systems carry them).
    /// </summary>
    public ResourceUsage CentralizedPerPeriod(double periodSec, int servers, HealthLedger.Sim.Core.CpuSpec cpu)
    {
        double k = Scale(periodSec);
        double txPerPeriod = ValidatedTransactions * k, bytesPerPeriod = TransactionBytes * k;
        double cpuSec = (txPerPeriod * (cpu.MessageUs + cpu.VerifyUs + cpu.ApplyUsPerTx) + bytesPerPeriod / 1024.0 * cpu.HashUsPerKiB) / 1e6;
        double grownState = Math.Max(0, StateBytesPerFullNode - GenesisStateBytes);
        double storage = GenesisStateBytes + (grownState + TransactionBytes) * k;
        double network = servers > 1 ? 2.0 * bytesPerPeriod * (servers - 1) / servers : 0;
        return new ResourceUsage(servers, 0, cpuSec, 0, storage, 0, network, 0);
    }

    /// <summary>Records registered in one period at the measured rate: the default number of records a failure exposes.</summary>
    public double RecordsPerPeriod(double periodSec) => RecordsRegistered * Scale(periodSec);

    /// <summary>The length of the RFC 9162 audit path of leaf <paramref name="index"/> in a tree of <paramref name="size"/> leaves.</summary>
    public static int AuditPathLength(int index, int size)
    {
        int length = 0;
        while (size > 1)
        {
            int split = 1;
            while (split * 2 < size) split *= 2; // the largest power of two below size
            if (index < split) size = split;
            else (index, size) = (index - split, size - split);
            length++;
        }
        return length;
    }

    /// <summary>The state's bytes: every entry's 32-byte key and canonical encoding (trie inner nodes not counted:
    /// they are hashes a node can recompute).</summary>
    public static long StateBytes(LedgerState state)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        long total = 0;
        foreach (var trie in new[] { state.Accounts, state.Records, state.Notarizations })
            foreach (var entry in trie.Entries())
            {
                buffer.ResetWrittenCount();
                entry.Write(new CanonicalWriter(buffer));
                total += 32 + buffer.WrittenCount;
            }
        return total;
    }
}
