using System.Buffers;
using BenchmarkDotNet.Attributes;
using HealthLedger.Engine.Encoding;
using HealthLedger.Engine.Ledger;

namespace HealthLedger.Bench.Micro;

/// <summary>Transaction encode and decode, 1,000 realistic transactions per invocation (~330 B each).</summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private const int Count = 1000;
    private Transaction[] _txs = null!;
    private byte[][] _encoded = null!;
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 20);

    [GlobalSetup]
    public void Setup()
    {
        var (_, keys) = BenchFixtures.Network(50);
        _txs = BenchFixtures.Transactions(keys, Count);
        _encoded = _txs.Select(t => t.Encoded.ToArray()).ToArray();
    }

    [Benchmark(Description = "Encode transaction (its kept canonical bytes)", OperationsPerInvoke = Count)]
    public int Encode()
    {
        _buffer.ResetWrittenCount();
        var w = new CanonicalWriter(_buffer);
        foreach (var tx in _txs) tx.Write(w);
        return _buffer.WrittenCount;
    }

    [Benchmark(Description = "Encode transaction from its fields", OperationsPerInvoke = Count)]
    public int EncodeFromFields()
    {
        _buffer.ResetWrittenCount();
        var w = new CanonicalWriter(_buffer);
        foreach (var tx in _txs) tx.WriteFromFields(w);
        return _buffer.WrittenCount;
    }

    [Benchmark(Description = "Decode transaction (id hashed on first use)", OperationsPerInvoke = Count)]
    public int Decode()
    {
        int ok = 0;
        foreach (var bytes in _encoded)
            if (Transaction.TryDecode(bytes, out _, out _)) ok++;
        return ok;
    }
}
