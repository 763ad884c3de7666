using HealthLedger.Engine.Client;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Storage.Blobs;

namespace HealthLedger.Engine.Tests.Client;

/// <summary>The in-process gateway: batching, close-time policy, outcomes and determinism.</summary>
public sealed class InProcessLedgerTests
{
    private static readonly ClientIdentity s_provider = ClientIdentity.FromLabel("dr-house");

    private static InProcessLedger NewLedger(InProcessLedgerOptions? options = null) =>
        new(ClosedLedger.Genesis(new GenesisConfig(ClientWorld.GenesisTimeMs, [s_provider.ToGenesisAccount(Role.Provider)])), options);

    private static Transaction Notarize(ulong sequence, string text) =>
        Transaction.Create(s_provider.Signer, sequence, new Notarize(Hash256.Compute(System.Text.Encoding.UTF8.GetBytes(text)), []));

    [Fact]
    public async Task Each_submission_closes_a_ledger_one_virtual_second_apart_by_default()
    {
        var ledger = NewLedger();
        var first = await ledger.SubmitAsync(Notarize(0, "a"));
        var second = await ledger.SubmitAsync(Notarize(1, "b"));
        Assert.True(first.IsApplied && second.IsApplied);
        Assert.Equal((1u, 2u), (first.LedgerSequence, second.LedgerSequence));
        Assert.Equal(ClientWorld.GenesisTimeMs + 2000, second.CloseTimeMs);
        Assert.Equal(2u, (await ledger.GetValidatedLedgerAsync()).Sequence);
        Assert.NotNull(await ledger.GetLedgerAsync(1));
        Assert.Null(await ledger.GetLedgerAsync(3));
    }

    [Fact]
    public async Task Manual_closes_batch_waiting_submissions_and_report_rejections()
    {
        var ledger = NewLedger(new InProcessLedgerOptions { CloseWhenBatchFull = false });
        var later = ledger.SubmitAsync(Notarize(1, "b")).AsTask(); // out of order: the builder sorts by sequence
        var sooner = ledger.SubmitAsync(Notarize(0, "a")).AsTask();
        var rival = ledger.SubmitAsync(Notarize(0, "c")).AsTask(); // the same sequence number: only one of the two applies
        Assert.False(later.IsCompleted);
        Assert.Equal(3, ledger.PendingCount);
        var closed = ledger.CloseLedger();
        Assert.Equal(2u, closed.Header.TxCount);
        var outcomes = await Task.WhenAll(later, sooner, rival);
        Assert.True(outcomes[0].IsApplied);
        Assert.Equal(TxResult.Replayed, Assert.Single(outcomes, o => !o.IsApplied).Result);
        Assert.All(outcomes, o => Assert.Equal(closed.Sequence, o.LedgerSequence));
    }

    [Fact]
    public async Task A_full_batch_closes_by_itself_and_time_can_be_advanced_or_supplied()
    {
        var ledger = NewLedger(new InProcessLedgerOptions { MaxTransactionsPerLedger = 2, CloseIntervalMs = 500 });
        var a = ledger.SubmitAsync(Notarize(0, "a")).AsTask();
        Assert.False(a.IsCompleted);
        ledger.AdvanceTime(10_000);
        var b = await ledger.SubmitAsync(Notarize(1, "b"));
        Assert.Equal(b.LedgerSequence, (await a).LedgerSequence);
        Assert.Equal(ClientWorld.GenesisTimeMs + 10_500, b.CloseTimeMs);

        long clock = ClientWorld.GenesisTimeMs + 99;
        var clocked = NewLedger(new InProcessLedgerOptions { ClockMs = () => clock });
        Assert.Equal(clock, clocked.CloseLedger().CloseTimeMs);
        Assert.Equal(clock + 1, clocked.CloseLedger().CloseTimeMs); // close times strictly increase even if the clock stalls
        Assert.Throws<InvalidOperationException>(() => clocked.AdvanceTime(1));
    }

    [Fact]
    public async Task The_same_submissions_give_the_same_ledgers()
    {
        async Task<Hash256> Run()
        {
            var ledger = NewLedger();
            for (ulong i = 0; i < 5; i++) await ledger.SubmitAsync(Notarize(i, "doc" + i));
            return ledger.Head.Hash;
        }
        var first = await Run();
        var second = await Run();
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task A_client_against_an_unreachable_gateway_gets_a_typed_outcome()
    {
        var client = new HealthLedgerClient(s_provider, new FailingStore(), new UnreachableGateway());
        Assert.Equal(ClientError.LedgerUnavailable, (await client.RegisterAsync("x"u8.ToArray())).Error);
        Assert.Equal(ClientError.LedgerUnavailable, (await client.ReadAsync(Hash256.Zero)).Error);
        Assert.Equal(ClientError.LedgerUnavailable, (await client.NotarizeAsync("x"u8.ToArray())).Error);
        Assert.Equal(ClientError.LedgerUnavailable, (await client.GetAuditTrailAsync()).Error);
    }

    [Fact]
    public async Task An_upload_the_store_refuses_is_a_typed_outcome_and_registers_nothing()
    {
        var ledger = NewLedger();
        var client = new HealthLedgerClient(s_provider, new FailingStore(), ledger);
        var result = await client.RegisterAsync("x"u8.ToArray());
        Assert.Equal(ClientError.StoreFailed, result.Error);
        Assert.Equal(BlobError.WriteFailed, result.StoreError);
        Assert.Equal(0u, ledger.Head.Sequence);
    }

    private sealed class UnreachableGateway : ILedgerGateway
    {
        public ValueTask<SubmitOutcome> SubmitAsync(Transaction transaction, CancellationToken cancellationToken = default) => throw new LedgerUnavailableException("connection refused");
        public ValueTask<ClosedLedger> GetValidatedLedgerAsync(CancellationToken cancellationToken = default) => throw new LedgerUnavailableException("connection refused");
        public ValueTask<ClosedLedger?> GetLedgerAsync(uint sequence, CancellationToken cancellationToken = default) => throw new LedgerUnavailableException("connection refused");
    }

    private sealed class FailingStore : IBlobStore
    {
        private static BlobFailure Fail => new(BlobError.WriteFailed, "disk full");
        public string Name => "failing";
        public ValueTask<BlobResult<string>> PutAsync(ReadOnlyMemory<byte> ciphertext, CancellationToken cancellationToken = default) => ValueTask.FromResult<BlobResult<string>>(Fail);
        public ValueTask<BlobResult<byte[]>> GetAsync(string pointer, CancellationToken cancellationToken = default) => ValueTask.FromResult<BlobResult<byte[]>>(Fail);
        public ValueTask<BlobResult> DeleteAsync(string pointer, CancellationToken cancellationToken = default) => ValueTask.FromResult<BlobResult>(Fail);
        public ValueTask<BlobResult<bool>> ExistsAsync(string pointer, CancellationToken cancellationToken = default) => ValueTask.FromResult<BlobResult<bool>>(Fail);
        public ValueTask<BlobResult<long>> CountAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<BlobResult<long>>(Fail);
        public ValueTask<BlobResult<IReadOnlyList<string>>> ListAsync(string? after, int limit, CancellationToken cancellationToken = default) => ValueTask.FromResult<BlobResult<IReadOnlyList<string>>>(Fail);
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
