using System.Net;
using System.Net.Sockets;

namespace HealthLedger.Engine.Net;

/// <summary>
/// Ports for loopback nodes that must be known before the nodes start: peers dial them, and a restarted node binds the
/// same one again. Taken below Linux's ephemeral range (32768-60999), where port-0 listeners and the outgoing
/// connections of every other process on the machine get theirs, so a port checked free here is not taken by a
/// stranger's connection in the moment before the node binds it (nor while a killed node is down). A port handed
/// out once is not handed out again by this process, so two clusters started side by side never share one.
/// </summary>
public static class LoopbackPorts
{
    /// <summary>The range ports are drawn from, [First, Last).</summary>
    public const int First = 20_000, Last = 32_000;

    private static readonly Lock s_lock = new();
    private static readonly HashSet<int> s_handedOut = [];
    private static readonly Random s_random = new(HashCode.Combine(Environment.ProcessId, Environment.TickCount64));

    /// <summary><paramref name="count"/> distinct loopback endpoints that were free a moment ago and that this
    /// process has not handed out before.</summary>
    /// <exception cref="InvalidOperationException">No free port was found after many tries.</exception>
    public static IPEndPoint[] Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var held = new List<TcpListener>();
        try
        {
            for (int attempts = 0; held.Count < count; attempts++)
            {
                if (attempts > 50 * (count + 10)) throw new InvalidOperationException($"no free loopback port in [{First}, {Last}) after {attempts} tries");
                int port;
                lock (s_lock)
                {
                    port = s_random.Next(First, Last);
                    if (!s_handedOut.Add(port)) continue;
                }
                var listener = new TcpListener(IPAddress.Loopback, port);
                try
                {
                    listener.Start();
                    held.Add(listener);
                }
                catch (SocketException)
                {
                    // In use by someone else: try another.
                }
            }
            return held.Select(l => (IPEndPoint)l.LocalEndpoint).ToArray();
        }
        finally
        {
            foreach (var l in held) l.Stop();
        }
    }
}
