using System.Net;
using System.Net.Sockets;

namespace HealthLedger.Tests;

/// <summary>
/// Ports for test nodes that must be known before the nodes start (peers dial them, a restarted node binds the same
/// one). Taken below Linux's ephemeral range (32768-60999), where port-0 listeners and outgoing connections of the
/// other test assemblies running at the same time get theirs, so a port checked free here is not taken by them in
/// the moment before the node binds it.
/// </summary>
internal static class LoopbackPorts
{
    private const int First = 20_000, Last = 32_000;
    private static readonly Random s_random = new(Environment.ProcessId * 7919 + Environment.TickCount);
    private static readonly object s_lock = new();

    /// <summary><paramref name="count"/> distinct loopback endpoints that were free a moment ago.</summary>
    public static IPEndPoint[] Take(int count)
    {
        var held = new List<TcpListener>();
        try
        {
            while (held.Count < count)
            {
                int port;
                lock (s_lock) port = s_random.Next(First, Last);
                var listener = new TcpListener(IPAddress.Loopback, port);
                try
                {
                    listener.Start();
                    held.Add(listener);
                }
                catch (SocketException)
                {
                    // In use: try another.
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
