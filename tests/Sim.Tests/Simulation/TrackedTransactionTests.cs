using System.Text;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Sim.Workload;

namespace HealthLedger.Sim.Tests.Simulation;

public class TrackedTransactionTests
{
    private static readonly SigningKey Key = SigningKey.FromLabel(SignatureSchemes.Ed25519, "tracked-test");

    private static Transaction Tx(ulong sequence) =>
        Transaction.Create(Key, sequence, new Notarize(Hash256.Compute(BitConverter.GetBytes(sequence)), Encoding.UTF8.GetBytes("m")));

    [Fact]
    public void A_validated_transaction_keeps_the_ledger_copy_and_refuses_another_transaction()
    {
        var client = Tx(1);
        var track = new TrackedTransaction(client, plannedUs: 5, node: 0);
        Assert.True(Transaction.TryDecode(client.Encoded.Span, out var ledgerCopy, out _));

        track.KeepLedgerCopy(ledgerCopy!);
        Assert.Same(ledgerCopy, track.Tx);
        Assert.Equal(client.Id.ToString(), track.ToRecord().TxId);

        Assert.Throws<ArgumentException>(() => track.KeepLedgerCopy(Tx(2)));
        Assert.Same(ledgerCopy, track.Tx);
    }

    [Fact]
    public void A_released_transaction_keeps_its_id_kind_and_record_but_not_its_body()
    {
        var tx = Tx(3);
        var track = new TrackedTransaction(tx, plannedUs: 7, node: 1);
        var before = track.ToRecord();

        track.ReleaseBody();
        track.ReleaseBody(); // a second release changes nothing

        Assert.Equal(tx.Id, track.Id);
        Assert.Equal(TxKind.Notarize, track.Kind);
        Assert.Equal(before, track.ToRecord());
        Assert.Throws<InvalidOperationException>(() => track.Tx);
    }
}
