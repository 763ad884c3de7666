using System.Net;
using System.Net.Sockets;
using HealthLedger.Engine.Net;

namespace HealthLedger.Engine.Tests.Net;

/// <summary>A connection whose other end stops answering is given up after <see cref="ConnectionLimits.DeadLinkMs"/>,
/// not after the kernel's retransmission timeout of minutes (the end-to-end case, a cut link between two node processes,
/// is <c>ClusterNetnsTests</c>' partition test).</summary>
public sealed class DeadLinkTests
{
    private const int IpProtoTcp = 6, TcpUserTimeout = 18;

    [Fact]
    public async Task A_connection_asks_the_kernel_to_give_the_link_up_after_its_dead_link_time_and_0_leaves_the_kernel_defaults()
    {
        if (!OperatingSystem.IsLinux()) return; // the options are Linux's; elsewhere DeadLinkMs reads 0
        var (a, b, listener) = await PairAsync();
        using var _ = listener;
        await using var timed = new Connection(a, ConnectionLimits.Peer with { DeadLinkMs = 4_000 }, new NetCounters());
        await using var plain = new Connection(b, ConnectionLimits.Peer with { DeadLinkMs = 0 }, new NetCounters());
        Assert.Equal(4_000, timed.DeadLinkMs);
        Assert.Equal(4_000, UserTimeout(a));
        Assert.Equal(1, (int)a.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)!);
        Assert.Equal(0, plain.DeadLinkMs);
        Assert.Equal(0, UserTimeout(b));
        Assert.Equal(ConnectionLimits.DefaultDeadLinkMs, ConnectionLimits.Peer.DeadLinkMs);
        Assert.Equal(ConnectionLimits.DefaultDeadLinkMs, ConnectionLimits.Client.DeadLinkMs);
    }

    [Fact]
    public async Task A_peer_that_takes_nothing_for_the_dead_link_time_is_given_up_counted_and_named_in_the_close_reason()
    {
        if (!OperatingSystem.IsLinux()) return;
        var (a, stuck, listener) = await PairAsync(receiveBuffer: 4096);
        using var _ = listener;
        using var peer = stuck; // the other end never reads: its window closes and stays closed, as a hung host's would
        var counters = new NetCounters();
        await using var connection = new Connection(a, ConnectionLimits.Peer with { DeadLinkMs = 1_000 }, counters);
        var frame = FrameWriter.Encode(FrameType.Consensus, new byte[64 * 1024]);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!connection.IsClosed && DateTime.UtcNow < deadline)
        {
            connection.TrySend(frame); // fills the socket buffers; the queue then drops what does not fit
            await Task.Delay(20);
        }
        Assert.True(connection.IsClosed, "the connection to a peer that read nothing stayed open for 30 s");
        Assert.Contains("the link went dead", connection.CloseReason);
        Assert.Equal(1, counters.DeadLinks);
    }

    private static int UserTimeout(Socket socket)
    {
        var value = new byte[4];
        socket.GetRawSocketOption(IpProtoTcp, TcpUserTimeout, value);
        return BitConverter.ToInt32(value);
    }

    private static async Task<(Socket Dialled, Socket Accepted, TcpListener Listener)> PairAsync(int receiveBuffer = 0)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        if (receiveBuffer > 0) listener.Server.ReceiveBufferSize = receiveBuffer; // inherited by the accepted socket
        listener.Start();
        var dialled = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var accepting = listener.AcceptSocketAsync();
        await dialled.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
        return (dialled, await accepting, listener);
    }
}
