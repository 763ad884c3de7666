using System.Diagnostics;
using System.Net;

namespace HealthLedger.Bench.Commands;

/// <summary>
/// A host of its own for each node of a cluster, as far as the network can tell: one Linux network namespace per node
/// (its own interface, address, ports and TCP stack), each joined by a veth pair to one bridge in this process's
/// namespace, where the load generator runs. Node-to-node and client traffic then crosses veth links and a bridge, as
/// it crosses NICs and a switch between machines, and each node runs the same <c>healthledger node --config FILE</c>
/// with the same kind of file as on a machine of its own (only the addresses differ from a loopback cluster's). Needs
/// root (CAP_NET_ADMIN) and iproute2's <c>ip</c>. Names carry this process's id, so clusters run side by side do not
/// meet; <see cref="Dispose"/> removes everything.
/// </summary>
internal sealed class NetworkNamespaces : IDisposable
{
    /// <summary>The port every node listens on: each namespace has ports of its own.</summary>
    public const int NodePort = 7001;

    /// <summary>iproute2's <c>ip</c>, or null when it is not installed.</summary>
    private static readonly string? IpPath = new[] { "/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip" }.FirstOrDefault(File.Exists);

    private static int s_made; // clusters this process has made, for their names
    private readonly string _tag, _bridge;
    private readonly List<string> _created = [];
    private bool _bridgeCreated;

    /// <summary>The namespaces' names, in node order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Each node's address on the bridge's subnet, in node order.</summary>
    public IReadOnlyList<IPAddress> Addresses { get; }

    /// <summary>The subnet, e.g. 10.1.2.0/24 (the bridge holds .254 of it).</summary>
    public string Subnet { get; }

    private NetworkNamespaces(int nodes, string tag, byte[] prefix)
    {
        _tag = tag;
        _bridge = $"{tag}b";
        Names = [.. Enumerable.Range(0, nodes).Select(i => $"{tag}n{i}")];
        Addresses = [.. Enumerable.Range(0, nodes).Select(i => new IPAddress([prefix[0], prefix[1], prefix[2], (byte)(i + 1)]))];
        Subnet = $"{prefix[0]}.{prefix[1]}.{prefix[2]}.0/24";
    }

    /// <summary>Why this machine cannot give nodes namespaces of their own, or null when it can (Linux, root, <c>ip</c>).</summary>
    public static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux()) return "network namespaces are Linux's";
        // /proc/self/status: "Uid:	real	effective	saved	filesystem".
        string? effectiveUid = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))?
            .Split('\t', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(2);
        if (effectiveUid != "0") return "creating network namespaces needs root (CAP_NET_ADMIN)";
        if (IpPath is null) return "iproute2's ip is not installed (apt-get install iproute2)";
        return null;
    }

    /// <summary>Creates a namespace, veth pair and address for each of <paramref name="nodes"/> nodes (at most 253) and
    /// the bridge joining them; throws <see cref="InvalidOperationException"/> saying which step failed (and removes what
    /// it had made).</summary>
    public static NetworkNamespaces Create(int nodes)
    {
        if (Unavailable() is { } why) throw new InvalidOperationException($"--netns: {why}");
        if (nodes is < 1 or > 253) throw new InvalidOperationException("--netns: 1 to 253 nodes");
        // Interface names have at most 15 characters: "hl", the process id (up to 7 digits), a letter per cluster of this
        // process, then "b" for the bridge or "v" and the node's index for its veth.
        int made = Interlocked.Increment(ref s_made);
        var hosts = new NetworkNamespaces(nodes, $"hl{Environment.ProcessId}{(char)('a' + made % 26)}", FreeSubnet(Environment.ProcessId * 26 + made));
        try
        {
            hosts.Build();
            return hosts;
        }
        catch
        {
            hosts.Dispose();
            throw;
        }
    }

    private void Build()
    {
        string gateway = Subnet.Replace(".0/24", ".254/24", StringComparison.Ordinal);
        Ip("link", "add", _bridge, "type", "bridge");
        _bridgeCreated = true;
        Ip("addr", "add", gateway, "dev", _bridge);
        Ip("link", "set", _bridge, "up");
        for (int i = 0; i < Names.Count; i++)
        {
            string ns = Names[i], veth = $"{_tag}v{i}";
            Ip("netns", "add", ns);
            _created.Add(ns);
            Ip("link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns);
            Ip("link", "set", veth, "master", _bridge);
            Ip("link", "set", veth, "up");
            Ip("-n", ns, "addr", "add", $"{Addresses[i]}/24", "dev", "eth0");
            Ip("-n", ns, "link", "set", "eth0", "up");
            Ip("-n", ns, "link", "set", "lo", "up");
        }
    }

    /// <summary>The command that runs <paramref name="exe"/> inside node <paramref name="node"/>'s namespace: <c>ip netns
    /// exec NAME exe …</c>, which enters the namespace and then executes the program in place (same process id, so
    /// SIGTERM, SIGKILL and its processor time reach the node itself).</summary>
    public (string Exe, string[] Prefix) Wrap(int node, string exe, IEnumerable<string> prefix) =>
        (IpPath!, ["netns", "exec", Names[node], exe, .. prefix]);

    /// <summary>Cuts node <paramref name="node"/>'s link (its veth's bridge end down), as a pulled cable would: its
    /// packets and everything sent to it vanish, without a reset to tell either side. <see cref="Heal"/> undoes it.</summary>
    public void Cut(int node) => Ip("link", "set", $"{_tag}v{node}", "down");

    /// <summary>Brings node <paramref name="node"/>'s link back up.</summary>
    public void Heal(int node) => Ip("link", "set", $"{_tag}v{node}", "up");

    public void Dispose()
    {
        // Each veth pair first (deleting one end deletes both, at once): a namespace's removal would take its pair with
        // it too, but only when the kernel gets round to destroying the namespace, after its last process has gone.
        for (int i = 0; i < _created.Count; i++) TryIp("link", "del", $"{_tag}v{i}");
        foreach (var ns in _created) TryIp("netns", "del", ns);
        _created.Clear();
        if (_bridgeCreated) TryIp("link", "del", _bridge);
        _bridgeCreated = false;
    }

    /// <summary>A /24 in 10/8 derived from <paramref name="id"/> that no interface of this namespace uses yet.</summary>
    private static byte[] FreeSubnet(int id)
    {
        string used = Show("-o", "-4", "addr", "show");
        for (int k = 0; k < 256 * 256; k++)
        {
            int n = (id + k) & 0xFFFF;
            byte[] prefix = [10, (byte)(n >> 8), (byte)n];
            if (prefix[1] == 0) continue; // 10.0.x.0/24 is where other tools' defaults tend to live
            if (!used.Contains($" {prefix[0]}.{prefix[1]}.{prefix[2]}.", StringComparison.Ordinal)) return prefix;
        }
        throw new InvalidOperationException("--netns: no free /24 in 10.0.0.0/8");
    }

    private static void Ip(params string[] args)
    {
        var (code, output) = RunIp(args);
        if (code != 0) throw new InvalidOperationException($"--netns: 'ip {string.Join(' ', args)}' failed ({code}): {output.Trim()}");
    }

    private static void TryIp(params string[] args) => RunIp(args);

    /// <summary>What <c>ip ARGS</c> prints (standard output, then standard error), e.g. <c>Show("netns", "list")</c>.</summary>
    internal static string Show(params string[] args) => RunIp(args).Output;

    private static (int Code, string Output) RunIp(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(IpPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr);
    }
}
