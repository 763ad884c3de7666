using System.Net;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Net;
using HealthLedger.Sim.Workload;

namespace HealthLedger.Bench.Commands;

/// <summary>The node files of a cluster: keys, groups, free ports on 127.0.0.1 (or, in network namespaces, each node's own
/// address), data directories, and the genesis that holds the workload's population (the
/// same label-derived accounts the simulator uses).</summary>
internal sealed class ClusterLayout
{
    public required IReadOnlyList<NodeFile> Files { get; init; }
    public required IReadOnlyList<string> ConfigPaths { get; init; }
    public required IReadOnlyList<IPEndPoint> EndPoints { get; init; }
    public required IReadOnlyList<ValidatorGroup> Groups { get; init; }
    public required ClosedLedger Genesis { get; init; }
    public required string WorkDir { get; init; }

    public static ClusterLayout Create(ClusterOptions options, WorkloadSpec workload, string workDir, NetworkNamespaces? hosts = null)
    {
        int n = options.Nodes;
        var (g, r, m) = ClusterOptions.Split(n);
        var members = new List<(string Label, ValidatorGroup Group)>();
        for (int i = 0; i < g; i++) members.Add(($"validator-generators-{i}", ValidatorGroup.Generators));
        for (int i = 0; i < r; i++) members.Add(($"validator-receivers-{i}", ValidatorGroup.Receivers));
        for (int i = 0; i < m; i++) members.Add(($"validator-monitors-{i}", ValidatorGroup.Monitors));
        var keys = members.Select(x => SigningKey.FromLabel(SignatureSchemes.Ed25519, x.Label).Public).ToArray();
        IPEndPoint[] endpoints = hosts is null ? LoopbackPorts.Take(n) : [.. hosts.Addresses.Select(a => new IPEndPoint(a, NetworkNamespaces.NodePort))];
        var genesis = new GenesisSpec
        {
            LabelledAccounts = [new("patient", workload.Patients, Role.Patient), new("provider", workload.Providers, Role.Provider), new("insurer", workload.Insurers, Role.Insurer)],
        };
        var consensus = new ConsensusFileSpec { CloseIntervalMs = options.CloseIntervalMs, MaxTransactionsPerLedger = options.MaxTransactionsPerLedger, SubmissionQueueLimit = options.SubmissionLimit, SubmissionQueueMs = options.SubmissionQueueMs };
        var files = new List<NodeFile>();
        var paths = new List<string>();
        for (int i = 0; i < n; i++)
        {
            string dir = Path.Combine(workDir, $"n{i}");
            Directory.CreateDirectory(dir);
            var file = new NodeFile
            {
                Key = new KeySpec { Label = members[i].Label },
                Group = members[i].Group,
                Listen = endpoints[i].ToString(),
                DataDirectory = Path.Combine(dir, "data"),
                Peers = Enumerable.Range(0, n).Where(j => j != i)
                    .Select(j => new PeerSpec { Address = endpoints[j].ToString(), PublicKey = NodeFile.FormatKey(keys[j]), Group = members[j].Group }).ToList(),
                Consensus = consensus,
                Genesis = genesis,
                SnapshotMinTransactions = options.SnapshotMinTransactions,
                SnapshotDeltaFraction = options.SnapshotDeltaFraction,
                DeadLinkMs = options.DeadLinkMs,
            };
            string path = Path.Combine(dir, "node.json");
            File.WriteAllText(path, file.ToJson());
            files.Add(file);
            paths.Add(path);
        }
        return new ClusterLayout
        {
            Files = files, ConfigPaths = paths, EndPoints = endpoints, Groups = members.Select(x => x.Group).ToArray(),
            Genesis = files[0].GenesisLedger(), WorkDir = workDir,
        };
    }
}
