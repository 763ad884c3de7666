using System.Text;
using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Sim.Simulation;
using HealthLedger.Sim.Workload;
using HealthLedger.Tests;

namespace HealthLedger.Sim.Tests.Simulation;

public class ClientCryptoTests
{
    private static readonly SigningKey Key = SigningKey.FromLabel(SignatureSchemes.Ed25519, "client-crypto-test");

    private static PlannedTransaction Plan(ulong sequence) =>
        new(Key, Hash256.Compute(Encoding.UTF8.GetBytes("client-crypto-sender")), sequence,
            new Notarize(Hash256.Compute(BitConverter.GetBytes(sequence)), Encoding.UTF8.GetBytes("memo")), 40);

    [Fact]
    public void A_planned_transaction_has_the_same_bytes_whoever_signs_it_and_is_signed_once()
    {
        for (ulong seq = 1; seq <= 20; seq++)
        {
            var inline = Plan(seq).Transaction;
            var planned = Plan(seq);
            var seen = new Transaction[8];
            int signers = 0;
            Parallel.For(0, seen.Length, i =>
            {
                if (i % 2 == 0 && planned.TrySignAhead()) Interlocked.Increment(ref signers);
                seen[i] = planned.Transaction;
            });
            Assert.True(signers <= 1, $"sequence {seq}: {signers} threads claimed the signature");
            Assert.All(seen, t => Assert.Same(seen[0], t));
            Assert.Equal(inline.Encoded.ToArray(), seen[0].Encoded.ToArray());
            Assert.False(planned.TrySignAhead(), "signing again after the transaction exists");
        }
    }

    [Fact]
    public void The_verifier_accepts_what_was_checked_ahead_and_still_refuses_a_forged_copy()
    {
        var crypto = new ClientCrypto();
        var planned = Enumerable.Range(1, 50).Select(i => Plan((ulong)i)).ToArray();
        foreach (var p in planned) crypto.Post(p);
        var txs = planned.Select(p => p.Transaction).ToArray();
        Assert.DoesNotContain(txs, t => crypto.WasChecked(t.Id)); // signing alone checks nothing
        crypto.PostChecks(txs); // as when a ledger holding them is validated
        Assert.True(SpinWait.SpinUntil(() => txs.All(t => crypto.WasChecked(t.Id)), TimeSpan.FromSeconds(30)), "the helper did not check them");

        var verifier = crypto.Verifier;
        Assert.All(txs, t => Assert.True(verifier.Verify(t)));

        // A forged copy (one signature byte flipped) hashes to another id: the table has no answer, the real scheme refuses it.
        var bytes = txs[0].Encoded.ToArray();
        bytes[^1] ^= 0x01;
        Assert.True(Transaction.TryDecode(bytes, out var forged, out _));
        Assert.False(crypto.WasChecked(forged!.Id));
        Assert.False(verifier.Verify(forged));
    }

    [Fact]
    public void At_the_end_of_a_run_the_replay_and_its_helper_answer_for_every_signature_including_a_forged_one()
    {
        // Many posted and the hand-over asked for at once: most checks are still queued on the drainer, which drops
        // them; the caller and the helper sharing the rest must still answer for every transaction, the forged one too.
        var crypto = new ClientCrypto();
        var planned = Enumerable.Range(1, 300).Select(i => Plan((ulong)i)).ToArray();
        foreach (var p in planned) crypto.Post(p);
        var copies = planned.Select(p =>
        {
            Assert.True(Transaction.TryDecode(p.Transaction.Encoded.Span, out var copy, out _));
            return copy!;
        }).ToList();
        var bytes = copies[150].Encoded.ToArray();
        bytes[^1] ^= 0x01; // a stored transaction whose signature was damaged
        Assert.True(Transaction.TryDecode(bytes, out var forged, out _));
        copies[150] = forged!;
        crypto.PostChecks(copies); // validated, but not checked yet when the replay starts

        var answers = new List<bool>();
        using (var verifier = crypto.CheckAlongside(copies))
            foreach (var tx in copies) answers.Add(verifier.Verify(tx));
        Assert.Equal(300, answers.Count);
        Assert.False(answers[150]);
        Assert.All(answers.Where((_, i) => i != 150), Assert.True);
        Assert.False(copies[150].VerifySignature());
    }

    private static readonly Transaction[] Chain = Enumerable.Range(1, 60).Select(i => Plan((ulong)(1000 + i)).Transaction).ToArray();

    [Fact]
    public void However_far_the_checks_got_before_the_replay_every_answer_is_the_schemes_own()
    {
        // A chain of 60 with a random subset damaged, a random prefix of it checked ahead by the helper, and the rest
        // shared between the replaying thread and the helper: each answer must be what the scheme says of those bytes.
        var cases = Gen.Choose(0, 60).SelectMany(ahead => Gen.ListOf(Gen.Choose(0, 59)).Select(bad => (ahead, bad: bad.ToHashSet()))).ToArbitrary();
        Prop.ForAll(cases, c =>
        {
            var crypto = new ClientCrypto();
            var copies = Chain.Select((tx, i) =>
            {
                var bytes = tx.Encoded.ToArray();
                if (c.bad.Contains(i)) bytes[bytes.Length - 1 - (i % 64)] ^= 0x10; // a byte of the signature
                Assert.True(Transaction.TryDecode(bytes, out var copy, out _));
                return copy!;
            }).ToList();
            crypto.PostChecks(copies.Take(c.ahead));
            SpinWait.SpinUntil(() => copies.Take(c.ahead).All(t => crypto.WasChecked(t.Id)), TimeSpan.FromSeconds(30));
            var fresh = copies.Select(t =>
            {
                Assert.True(Transaction.TryDecode(t.Encoded.Span, out var again, out _));
                return again!;
            }).ToList();
            var answers = new List<bool>();
            using (var verifier = crypto.CheckAlongside(fresh))
                foreach (var tx in fresh) answers.Add(verifier.Verify(tx));
            return answers.Select((ok, i) => ok == !c.bad.Contains(i)).All(x => x);
        }).Check(PropertyConfig.Default(seed: 20261206, maxTest: 25));
    }
}
