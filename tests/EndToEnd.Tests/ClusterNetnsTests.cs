using HealthLedger.Bench.Commands;

namespace HealthLedger.EndToEnd.Tests;

/// <summary>Real node processes on hosts of their own as far as the network can tell: each in a Linux network namespace,
/// joined by veth pairs and a bridge (<c>healthledger cluster --netns</c>).</summary>
public sealed class ClusterNetnsTests
{
    [Fact]
    public async Task Nodes_in_network_namespaces_of_their_own_validate_over_a_bridge_and_a_killed_one_rejoins()
    {
        var (exit, text, outDir, workDir) = await RunAsync("netns", o => o with { DurationSec = 8, ScheduledKills = [(2, 2.5, 1.5)] });
        if (NetworkNamespaces.Unavailable() is not null)
        {
            // Without root or iproute2 the run is refused before any node starts (the next test checks the reason).
            Assert.Equal(1, exit);
            Assert.False(Directory.Exists(Path.Combine(workDir, "n0")));
            return;
        }
        Assert.True(exit == 0, text);
        Assert.Contains("each in a network namespace of its own", text);
        Assert.Contains("noLoss     expected holds  actual holds", text);
        Assert.Contains("agreement  expected holds  actual holds", text);
        Assert.Contains("reached ledger", text); // the killed node restarted in its namespace and caught up
        // Each node listened on its own address, not loopback, and its peers reached it from theirs.
        var logs = Enumerable.Range(0, 4).Select(i => File.ReadAllText(Path.Combine(workDir, $"n{i}", "node.log"))).ToArray();
        var addresses = logs.Select(l => System.Text.RegularExpressions.Regex.Match(l, @"listening on (10\.\d+\.\d+\.\d+):7001").Groups[1].Value).ToArray();
        Assert.All(addresses, a => Assert.False(string.IsNullOrEmpty(a), text));
        Assert.Equal(4, addresses.Distinct().Count());
        for (int i = 0; i < 4; i++)
            Assert.Contains(addresses.Where((_, j) => j != i), peer => logs[i].Contains($"connected ({peer}:", StringComparison.Ordinal));
        NothingLeft(outDir, workDir);
    }

    [Fact]
    public async Task A_node_whose_link_is_cut_is_given_up_as_dead_by_its_peers_and_takes_part_again_once_the_link_heals()
    {
        if (NetworkNamespaces.Unavailable() is not null) return; // the refusal is the tests above
        var (exit, text, outDir, workDir) = await RunAsync("cut", o => o with
        {
            DurationSec = 12,
            ChaosPartition = true,
            ChaosIntervalSec = 2,
            ChaosDownSec = 5, // longer than the dead-link time: the cut is noticed while it lasts
            DeadLinkMs = 2_000,
        });
        Assert.True(exit == 0, text);
        Assert.Contains("noLoss     expected holds  actual holds", text);
        Assert.Contains("agreement  expected holds  actual holds", text);
        var rows = File.ReadAllLines(Path.Combine(outDir, "partitions.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.NotEmpty(rows);
        var header = File.ReadLines(Path.Combine(outDir, "partitions.csv")).First().Split(',');
        int node = Array.IndexOf(header, "Node"), firstNew = Array.IndexOf(header, "FirstNewLedgerMs");
        foreach (var row in rows)
        {
            // The node cut off validated a new ledger after the heal: its links came back.
            Assert.True(double.Parse(row[firstNew], System.Globalization.CultureInfo.InvariantCulture) >= 0, text);
            // Its peers gave their connections to it up during the cut, rather than leaving them to the kernel's minutes.
            int cut = int.Parse(row[node], System.Globalization.CultureInfo.InvariantCulture);
            var peerLogs = Enumerable.Range(0, 4).Where(i => i != cut).Select(i => File.ReadAllText(Path.Combine(workDir, $"n{i}", "node.log")));
            Assert.Contains(peerLogs, l => l.Contains("the link went dead", StringComparison.Ordinal));
        }
        Assert.Contains("Links cut and healed", File.ReadAllText(Path.Combine(outDir, "summary.md")));
        NothingLeft(outDir, workDir);
    }

    [Fact]
    public void Nodes_get_one_address_each_in_a_subnet_no_interface_here_uses()
    {
        if (NetworkNamespaces.Unavailable() is { } why) Assert.Contains(why, Assert.Throws<InvalidOperationException>(() => NetworkNamespaces.Create(3)).Message);
        else
        {
            using var hosts = NetworkNamespaces.Create(3);
            Assert.Equal(3, hosts.Names.Distinct().Count());
            Assert.Equal(["1", "2", "3"], hosts.Addresses.Select(a => a.ToString().Split('.')[3]));
            string list = Ip("netns", "list");
            Assert.All(hosts.Names, n => Assert.Contains(n, list));
            // The bridge side holds .254; no other interface of this namespace holds the subnet.
            string addrs = Ip("-o", "-4", "addr", "show");
            Assert.Single(addrs.Split('\n'), l => l.Contains(hosts.Subnet.Replace(".0/24", ".", StringComparison.Ordinal), StringComparison.Ordinal));
            hosts.Dispose();
            Assert.All(hosts.Names, n => Assert.DoesNotContain(n, Ip("netns", "list")));
        }
    }

    /// <summary>A 4-node cluster in namespaces at 20 tx/s with 500-ms rounds, changed by <paramref name="change"/>, its
    /// files kept in fresh directories named after <paramref name="name"/>.</summary>
    private static async Task<(int Exit, string Text, string OutDir, string WorkDir)> RunAsync(string name, Func<ClusterOptions, ClusterOptions> change)
    {
        string outDir = Path.Combine(Path.GetTempPath(), $"hl-e2e-{name}-{Environment.ProcessId}");
        string workDir = Path.Combine(Path.GetTempPath(), $"hl-e2e-{name}-work-{Environment.ProcessId}");
        if (Directory.Exists(workDir)) Directory.Delete(workDir, recursive: true);
        var options = change(new ClusterOptions
        {
            Nodes = 4, DrainSec = 20, RatePerSec = 20, CloseIntervalMs = 500, OutDir = outDir, WorkDir = workDir, NetworkNamespaces = true,
        });
        var output = new StringWriter();
        int exit = await ClusterCommand.RunAsync(options, output).WaitAsync(TimeSpan.FromMinutes(3));
        return (exit, output.ToString(), outDir, workDir);
    }

    /// <summary>Nothing is left behind: the namespaces, their veth pairs and the bridge are gone; then the files go.</summary>
    private static void NothingLeft(string outDir, string workDir)
    {
        string prefix = $"hl{Environment.ProcessId}";
        Assert.DoesNotContain(prefix, Ip("netns", "list"));
        Assert.DoesNotContain(prefix, Ip("link", "show"));
        Directory.Delete(outDir, recursive: true);
        Directory.Delete(workDir, recursive: true);
    }

    private static string Ip(params string[] args) => NetworkNamespaces.Show(args);
}
