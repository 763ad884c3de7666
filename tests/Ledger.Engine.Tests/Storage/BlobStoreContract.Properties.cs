using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Engine.Storage.Blobs;
using HealthLedger.Tests;

namespace HealthLedger.Engine.Tests.Storage;

public abstract partial class BlobStoreContract
{
    // Properties run synchronously inside FsCheck; the stores' awaits use ConfigureAwait(false), so blocking here
    // cannot deadlock.
    private static T Wait<T>(ValueTask<T> task) => task.AsTask().GetAwaiter().GetResult();

    [Fact]
    public void Any_byte_string_round_trips_under_its_content_address()
    {
        Prop.ForAll<byte[]>(content =>
        {
            content ??= [];
            var put = Wait(Store.PutAsync(content));
            if (!put.IsOk || put.Value != Sha256Hex(content)) return false;
            var get = Wait(Store.GetAsync(put.Value));
            return get.IsOk && get.Value.AsSpan().SequenceEqual(content);
        }).Check(PropertyConfig.Default(seed: 20261122));
    }

    [Fact]
    public void Every_injected_fault_is_detected_by_hashing_what_comes_back()
    {
        var faulty = new FaultInjectingBlobStore(Store); // not disposed: the base class disposes the store it wraps
        Prop.ForAll<byte[], byte[], NonNegativeInt>((first, second, choice) =>
        {
            first ??= [];
            second ??= [];
            if (first.AsSpan().SequenceEqual(second)) second = [.. second, 0x5A]; // a swap of equal blobs is no fault
            faulty.HealAll();
            string target = Wait(faulty.PutAsync(first)).ValueOrThrow();
            string other = Wait(faulty.PutAsync(second)).ValueOrThrow();
            var kind = (BlobFaultKind)(choice.Get % 4);
            var injected = Wait(faulty.InjectAsync(kind, target, other, bitIndex: choice.Get / 4));
            if (!injected.IsOk) return false.Label($"injecting {kind} failed: {injected}");

            var read = Wait(faulty.GetAsync(target));
            bool detected = !read.IsOk || Sha256Hex(read.Value) != Sha256Hex(first);
            return detected.Label($"{kind} of {first.Length}-byte blob went unnoticed");
        }).Check(PropertyConfig.Default(seed: 20261123));
    }
}
