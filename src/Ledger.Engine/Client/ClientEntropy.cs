using System.Buffers.Binary;
using System.Security.Cryptography;
using HealthLedger.Engine.Crypto;

namespace HealthLedger.Engine.Client;

/// <summary>Where a client draws record keys, nonces and sealed-box ephemeral keys from. Injected so that the demo
/// and tests replay byte for byte; real clients use <see cref="SystemEntropy"/>.</summary>
public interface IClientEntropy
{
    /// <summary>Fills <paramref name="destination"/> with fresh bytes.</summary>
    void Fill(Span<byte> destination);
}

/// <summary>The operating system's cryptographic generator: the only choice for real secrets.</summary>
public sealed class SystemEntropy : IClientEntropy
{
    /// <summary>The shared instance.</summary>
    public static SystemEntropy Instance { get; } = new();

    /// <inheritdoc />
    public void Fill(Span<byte> destination) => RandomNumberGenerator.Fill(destination);
}

/// <summary>
/// A reproducible stream for demos, tests and simulations: block i is SHA-256(seed ‖ i). Not for real secrets:
/// anyone who knows the seed knows every key. Thread-safe, but only a fixed call order gives a fixed output.
/// </summary>
public sealed class SeededEntropy : IClientEntropy
{
    private readonly Hash256 _seed;
    private readonly Lock _lock = new();
    private readonly byte[] _block = new byte[Hash256.Size];
    private ulong _counter;
    private int _used = Hash256.Size;

    /// <summary>A stream named by <paramref name="label"/> (hashed into the seed).</summary>
    public SeededEntropy(string label) => _seed = Hash256.Compute(System.Text.Encoding.UTF8.GetBytes("hl-entropy:" + label));

    /// <inheritdoc />
    public void Fill(Span<byte> destination)
    {
        lock (_lock)
        {
            while (destination.Length > 0)
            {
                if (_used == _block.Length) NextBlock();
                int n = Math.Min(destination.Length, _block.Length - _used);
                _block.AsSpan(_used, n).CopyTo(destination);
                _used += n;
                destination = destination[n..];
            }
        }
    }

    private void NextBlock()
    {
        Span<byte> input = stackalloc byte[Hash256.Size + 8];
        _seed.CopyTo(input);
        BinaryPrimitives.WriteUInt64BigEndian(input[Hash256.Size..], _counter++);
        SHA256.HashData(input, _block);
        _used = 0;
    }
}
