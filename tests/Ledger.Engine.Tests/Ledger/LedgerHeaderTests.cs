using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;

namespace HealthLedger.Engine.Tests.Ledger;

public class LedgerHeaderTests
{
    [Fact]
    public void A_header_copied_with_another_field_hashes_as_a_header_built_with_it()
    {
        var header = new LedgerHeader(7, Hash256.Compute("parent"u8), 1_000, Hash256.Compute("txs"u8), Hash256.Compute("state"u8), 3);
        _ = header.Hash; // memoized before the copy
        var copies = new[]
        {
            header with { Sequence = 8 }, header with { ParentHash = Hash256.Zero }, header with { CloseTimeMs = 1_001 },
            header with { TxRoot = Hash256.Zero }, header with { StateRoot = Hash256.Zero }, header with { TxCount = 4 },
        };
        foreach (var copy in copies)
        {
            var rebuilt = new LedgerHeader(copy.Sequence, copy.ParentHash, copy.CloseTimeMs, copy.TxRoot, copy.StateRoot, copy.TxCount);
            Assert.Equal(rebuilt.Hash, copy.Hash);
            Assert.NotEqual(header.Hash, copy.Hash);
        }
        Assert.Equal(header.Hash, (header with { }).Hash);
    }
}
