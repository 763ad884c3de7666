using System.Net;
using System.Net.Sockets;
using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Net;
using HealthLedger.Engine.Node;
using HealthLedger.Engine.Storage.BlockLog;
using HealthLedger.Engine.Tests.Consensus;

namespace HealthLedger.Engine.Tests.Net;

/// <summary>A peer that accepts and at once resets the dialler's connections (a restarting node, a cut link) must cost
/// the dialler retries, never its dial loop: once the peer answers properly the link comes up.</summary>
public sealed class DialResetTests
{
    [Fact]
    public async Task A_dialler_whose_peer_resets_connections_keeps_dialling_and_connects_once_the_peer_answers()
    {
        var keys = new[] { SigningKey.FromLabel(SignatureSchemes.Ed25519, "dial-a"), SigningKey.FromLabel(SignatureSchemes.Ed25519, "dial-b") }
            .OrderBy(k => k.Public.Id).ToArray(); // keys[0] has the smaller id: it dials keys[1]
        var parameters = new ConsensusParameters { CloseIntervalMs = 300, IdleIntervalMs = 2_000, Weights = GroupWeights.Parse("1:1:0") }.Validate();
        var validators = new ValidatorSet([(keys[0].Public, ValidatorGroup.Generators), (keys[1].Public, ValidatorGroup.Receivers)], parameters.Weights);
        var genesis = ClosedLedger.Genesis(new GenesisConfig(TestNetwork.GenesisTimeMs, []));
        var endPoints = LoopbackPorts.Take(2); // below the ephemeral range: known before the nodes bind them
        // In front of the accepting node: the first 200 connections are reset as soon as they are accepted, later
        // ones are relayed.
        using var relay = new TcpListener(IPAddress.Loopback, 0);
        relay.Start();
        int resets = 0;
        using var stop = new CancellationTokenSource();
        var relaying = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                Socket inbound;
                try
                {
                    inbound = await relay.AcceptSocketAsync(stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                if (Interlocked.Increment(ref resets) <= 200)
                {
                    inbound.LingerState = new LingerOption(true, 0);
                    inbound.Close();
                    continue;
                }
                _ = Task.Run(async () =>
                {
                    using var a = inbound;
                    using var b = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    await b.ConnectAsync(endPoints[1]);
                    await Task.WhenAny(Pump(a, b, stop.Token), Pump(b, a, stop.Token));
                });
            }
        });

        var runtimes = new List<NodeRuntime>();
        for (int i = 0; i < 2; i++)
        {
            var config = new NodeConfig(parameters, validators, genesis, new MemoryBlockStore(), new KeyConsensusSigner(keys[i]), TestVerifiers.Messages, TestVerifiers.Transactions);
            var peer = i == 0 ? new PeerAddress(keys[1].Public, (IPEndPoint)relay.LocalEndpoint) : new PeerAddress(keys[0].Public, endPoints[0]);
            runtimes.Add(new NodeRuntime(config, new NodeRuntimeOptions { Listen = endPoints[i], Key = keys[i], Peers = [peer], ReconnectMinMs = 1, ReconnectMaxMs = 5 }));
        }
        try
        {
            foreach (var r in runtimes) await r.StartAsync();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (runtimes.Any(r => r.ConnectedPeers < 1))
            {
                Assert.True(DateTime.UtcNow < deadline, $"the link never came up after {resets} reset connections");
                await Task.Delay(20);
            }
            Assert.True(resets > 200);
        }
        finally
        {
            foreach (var r in runtimes) await r.DisposeAsync(); // a dial loop that died would throw here
            await stop.CancelAsync();
            relay.Stop();
            await relaying;
        }
    }

    private static async Task Pump(Socket from, Socket to, CancellationToken token)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int n;
            while ((n = await from.ReceiveAsync(buffer, SocketFlags.None, token)) > 0) await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, token);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // One side closed.
        }
    }
}
