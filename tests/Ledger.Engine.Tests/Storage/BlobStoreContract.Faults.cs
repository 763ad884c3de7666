using HealthLedger.Engine.Storage.Blobs;

namespace HealthLedger.Engine.Tests.Storage;

public abstract partial class BlobStoreContract
{
    private async Task<(FaultInjectingBlobStore Faulty, byte[] A, string PointerA, byte[] B, string PointerB)> TwoBlobsAsync()
    {
        var faulty = new FaultInjectingBlobStore(Store);
        byte[] a = Bytes(256, seed: 11), b = Bytes(256, seed: 12);
        return (faulty, a, (await faulty.PutAsync(a)).ValueOrThrow(), b, (await faulty.PutAsync(b)).ValueOrThrow());
    }

    [Fact]
    public async Task A_flipped_bit_comes_back_as_success_with_one_bit_changed()
    {
        var (faulty, a, pa, _, pb) = await TwoBlobsAsync();
        faulty.FlipBit(pa, bitIndex: 8 * 10 + 3);

        byte[] read = (await faulty.GetAsync(pa)).ValueOrThrow();
        Assert.Equal(a[10] ^ 0x08, read[10]);
        Assert.NotEqual(pa, Sha256Hex(read));
        Assert.True((await faulty.GetAsync(pb)).IsOk); // other blobs untouched
        Assert.Equal(1, faulty.TamperedReads);

        faulty.Heal(pa);
        Assert.Equal(a, (await faulty.GetAsync(pa)).ValueOrThrow());
    }

    [Fact]
    public async Task A_swap_serves_each_blob_under_the_other_pointer()
    {
        var (faulty, a, pa, b, pb) = await TwoBlobsAsync();
        faulty.Swap(pa, pb);
        Assert.Equal(b, (await faulty.GetAsync(pa)).ValueOrThrow());
        Assert.Equal(a, (await faulty.GetAsync(pb)).ValueOrThrow());
        Assert.Equal(1, faulty.FaultsInjected);
    }

    [Fact]
    public async Task A_rollback_serves_the_older_content()
    {
        var (faulty, _, pa, b, pb) = await TwoBlobsAsync();
        faulty.RollBackTo(pa, pb);
        Assert.Equal(b, (await faulty.GetAsync(pa)).ValueOrThrow());

        byte[] older = Bytes(40, seed: 13);
        faulty.RollBack(pa, older);
        Assert.Equal(older, (await faulty.GetAsync(pa)).ValueOrThrow());
    }

    [Fact]
    public async Task A_deletion_behind_the_clients_back_reads_as_NotFound()
    {
        var (faulty, _, pa, _, _) = await TwoBlobsAsync();
        Assert.True((await faulty.DeleteBehindAsync(pa)).IsOk);
        Assert.Equal(BlobError.NotFound, (await faulty.GetAsync(pa)).Error);
        Assert.Equal(BlobError.NotFound, (await Store.GetAsync(pa)).Error);
    }
}
