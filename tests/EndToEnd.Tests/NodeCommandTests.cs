using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using HealthLedger.Engine.Net;

namespace HealthLedger.EndToEnd.Tests;

/// <summary><c>healthledger node</c> as a process: a node that cannot start says why in one line and exits with a
/// code the operator (or the cluster runner) can act on.</summary>
public sealed class NodeCommandTests
{
    [Fact]
    public async Task A_missing_node_file_is_refused_with_exit_code_2()
    {
        var (exit, stderr) = await RunNodeAsync(Path.Combine(Path.GetTempPath(), $"hl-no-such-node-{Guid.NewGuid():N}.json"));
        Assert.Equal(2, exit);
        Assert.Contains("error:", stderr);
    }

    [Fact]
    public async Task A_node_whose_address_is_taken_says_so_and_exits_with_code_1()
    {
        var dir = Directory.CreateTempSubdirectory("hl-node-taken-");
        var endpoint = LoopbackPorts.Take(1)[0];
        using var squatter = new TcpListener(endpoint);
        squatter.Start();
        string path = Path.Combine(dir.FullName, "node.json");
        File.WriteAllText(path, new NodeFile { Key = new KeySpec { Label = "validator-generators-0" }, Consensus = new ConsensusFileSpec { Weights = "1:0:0" }, Listen = endpoint.ToString(), DataDirectory = Path.Combine(dir.FullName, "data") }.ToJson());
        var (exit, stderr) = await RunNodeAsync(path);
        Assert.Equal(1, exit);
        Assert.Contains($"error: cannot listen on {endpoint}", stderr);
        Assert.DoesNotContain("Unhandled exception", stderr);
        dir.Delete(recursive: true);
    }

    private static async Task<(int Exit, string Stderr)> RunNodeAsync(string configPath)
    {
        var (exe, prefix) = HealthLedger.Bench.Commands.ClusterProcess.SelfCommand();
        var info = new ProcessStartInfo(exe) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in prefix) info.ArgumentList.Add(a);
        foreach (var a in new[] { "node", "--config", configPath }) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (process.ExitCode, await stderr);
    }
}
