using System.Net;
using System.Net.Sockets;

namespace HealthLedger.Sim.Tests.Conformance;

/// <summary>
/// A TCP relay between one validator and the peer it dials, on 127.0.0.1. Bytes pass through unchanged (the
/// handshake is end to end, so the relay proves nothing and can forge nothing). <see cref="Block"/> cuts the link the
/// way a partition does: open connections are reset and new ones are accepted and closed at once, so the dialler's
/// reconnect-with-backoff keeps failing until <see cref="Unblock"/>.
/// </summary>
internal sealed class PartitionProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly List<(Socket A, Socket B)> _open = [];
    private readonly Task _accepting;
    private volatile bool _blocked;

    public PartitionProxy(IPEndPoint target)
    {
        _target = target;
        _listener.Start();
        EndPoint = (IPEndPoint)_listener.LocalEndpoint;
        _accepting = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Where the dialler connects.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Resets every open connection and refuses new ones.</summary>
    public void Block()
    {
        _blocked = true;
        lock (_lock)
        {
            foreach (var (a, b) in _open)
            {
                Reset(a);
                Reset(b);
            }
            _open.Clear();
        }
    }

    /// <summary>Lets connections through again.</summary>
    public void Unblock() => _blocked = false;

    private static void Reset(Socket s)
    {
        try
        {
            s.LingerState = new LingerOption(true, 0);
            s.Close();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket inbound;
            try
            {
                inbound = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                if (_stop.IsCancellationRequested) return;
                continue;
            }
            if (_blocked)
            {
                Reset(inbound);
                continue;
            }
            _ = Task.Run(() => RelayAsync(inbound));
        }
    }

    private async Task RelayAsync(Socket inbound)
    {
        var outbound = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        inbound.NoDelay = true;
        try
        {
            await outbound.ConnectAsync(_target, _stop.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            Reset(inbound);
            outbound.Dispose();
            return;
        }
        lock (_lock)
        {
            if (_blocked)
            {
                Reset(inbound);
                Reset(outbound);
                return;
            }
            _open.Add((inbound, outbound));
        }
        await Task.WhenAny(PumpAsync(inbound, outbound), PumpAsync(outbound, inbound));
        lock (_lock) _open.Remove((inbound, outbound));
        Reset(inbound);
        Reset(outbound);
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                int n = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (n == 0) return;
                await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The link was cut, or one side went away.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Block();
        await _accepting;
        _stop.Dispose();
    }
}
