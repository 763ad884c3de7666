using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Ledger.State;
using HealthLedger.Engine.Net;
using HealthLedger.Engine.Node;
using HealthLedger.Engine.Storage.BlockLog;
using HealthLedger.Engine.Storage.Snapshots;
using HealthLedger.Engine.Tests.Consensus;
using HealthLedger.Engine.Tests.Ledger;
using HealthLedger.Tests;

namespace HealthLedger.Engine.Tests.Storage;

public sealed class StateSnapshotTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hl-snapshot-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly Hash256 Network = Hash256.Compute("network"u8);

    /// <summary>A state of random accounts, record versions (with viewer grants) and notarizations, and a header over it.</summary>
    private static (LedgerHeader Header, LedgerState State) RandomState(Random rng)
    {
        var tries = new[] { StateTrie.Empty.ToBuilder(), StateTrie.Empty.ToBuilder(), StateTrie.Empty.ToBuilder() };
        for (int i = rng.Next(0, 40); i > 0; i--)
        {
            var key = SigningKey.FromLabel(SignatureSchemes.Ed25519, "acct" + rng.Next(1000));
            tries[0].Set(new AccountEntry(key.Public.Id, key.Public, BoxScheme.X25519, RandomTransactions.Bytes(rng, 32), (Role)rng.Next(1, 7),
                (ValidatorGroup)rng.Next(0, 4), (ulong)rng.NextInt64(), RandomTransactions.Hash(rng), (uint)rng.Next()));
        }
        for (int i = rng.Next(0, 60); i > 0; i--)
        {
            var f = RandomTransactions.Fields(rng);
            tries[1].Set(new RecordEntry(RandomTransactions.Hash(rng), RandomTransactions.Hash(rng), f.Version, f.DataHash, f.DateMs, f.Viewers,
                RandomTransactions.Hash(rng), rng.Next(2) == 0 ? Hash256.Zero : RandomTransactions.Hash(rng), RandomTransactions.Hash(rng), (uint)rng.Next(), rng.NextInt64(), RandomTransactions.Hash(rng)));
        }
        for (int i = rng.Next(0, 30); i > 0; i--)
            tries[2].Set(new NotaryEntry(RandomTransactions.Hash(rng), RandomTransactions.Hash(rng), RandomTransactions.Hash(rng), RandomTransactions.Bytes(rng, rng.Next(0, 100)),
                (uint)rng.Next(), rng.NextInt64(), RandomTransactions.Hash(rng)));
        var state = new LedgerState(tries[0].ToImmutable(), tries[1].ToImmutable(), tries[2].ToImmutable());
        var header = new LedgerHeader((uint)rng.Next(1, int.MaxValue), RandomTransactions.Hash(rng), rng.NextInt64(), RandomTransactions.Hash(rng), state.Root, (uint)rng.Next(100));
        return (header, state);
    }

    /// <summary>A later version of <paramref name="state"/>: some entries added, some replaced (the ledger never deletes).</summary>
    private static LedgerState Mutate(LedgerState state, Random rng)
    {
        var (header, extra) = RandomState(rng);
        var tries = new[] { state.Accounts.ToBuilder(), state.Records.ToBuilder(), state.Notarizations.ToBuilder() };
        foreach (var (trie, added) in new[] { (0, extra.Accounts), (1, extra.Records), (2, extra.Notarizations) })
            foreach (var e in added.Entries().Where(_ => rng.Next(3) == 0)) tries[trie].Set(e);
        foreach (var e in state.Accounts.Entries().Where(_ => rng.Next(4) == 0).Cast<AccountEntry>().ToList()) tries[0].Set(e with { NextSequence = e.NextSequence + 1 });
        foreach (var e in state.Records.Entries().Where(_ => rng.Next(4) == 0).Cast<RecordEntry>().ToList()) tries[1].Set(e with { Next = RandomTransactions.Hash(rng) });
        return new LedgerState(tries[0].ToImmutable(), tries[1].ToImmutable(), tries[2].ToImmutable());
    }

    [Fact]
    public void The_entries_changed_since_an_older_version_rebuild_the_newer_one_from_it_and_are_only_those()
    {
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var rng = new Random(seed);
            var older = RandomState(rng).State;
            var newer = Mutate(older, rng);
            var changed = newer.ChangedSince(older);
            Assert.Equal(newer.Root, older.With(changed).Root);
            foreach (var e in changed) // nothing unchanged is reported: each is new, or another object than the older version's
            {
                var trie = e switch { AccountEntry => older.Accounts, RecordEntry => older.Records, _ => older.Notarizations };
                Assert.False(trie.TryGet(e.Key, out var before) && ReferenceEquals(before, e), $"{e.Key.ToShortString()} did not change");
            }
            Assert.Empty(newer.ChangedSince(newer));
        }).Check(PropertyConfig.Default(47, maxTest: 60));
    }

    [Fact]
    public void Deltas_apply_in_order_and_reading_stops_at_a_torn_or_stale_record_with_the_state_before_it()
    {
        string full = Path.Combine(_dir, "state.snapshot"), deltas = full + ".deltas";
        var rng = new Random(5);
        var (h0, s0) = RandomState(rng);
        var s1 = Mutate(s0, rng);
        var s2 = Mutate(s1, rng);
        var h1 = new LedgerHeader(h0.Sequence + 1, h0.Hash, h0.CloseTimeMs + 1, h0.TxRoot, s1.Root, 1);
        var h2 = new LedgerHeader(h1.Sequence + 1, h1.Hash, h1.CloseTimeMs + 1, h1.TxRoot, s2.Root, 1);
        StateSnapshotFile.Write(full, Network, h0, s0);
        StateSnapshotFile.AppendDelta(deltas, Network, h0.Hash, h1, s1.ChangedSince(s0));
        long firstRecord = new FileInfo(deltas).Length;
        StateSnapshotFile.AppendDelta(deltas, Network, h1.Hash, h2, s2.ChangedSince(s1));

        Assert.True(StateSnapshotFile.TryRead(full, deltas, out var read, out var load, out var why), why);
        Assert.Equal((h2.Hash, s2.Root, 2, (string?)null), (read.Header.Hash, read.State.Root, load.Deltas, load.DeltasStopped));
        Assert.Equal((h0.Sequence, s0.Count), (load.BaseSequence, load.BaseEntries));

        // A crash while appending the second record: the state after the first.
        using (var f = new FileStream(deltas, FileMode.Open)) f.SetLength(f.Length - 10);
        Assert.True(StateSnapshotFile.TryRead(full, deltas, out read, out load, out why), why);
        Assert.Equal((h1.Hash, s1.Root, 1), (read.Header.Hash, read.State.Root, load.Deltas));
        Assert.Contains("delta record 2", load.DeltasStopped);

        // A damaged first record: the full snapshot alone.
        var bytes = File.ReadAllBytes(deltas);
        bytes[firstRecord / 2] ^= 0x40;
        File.WriteAllBytes(deltas, bytes);
        Assert.True(StateSnapshotFile.TryRead(full, deltas, out read, out load, out why), why);
        Assert.Equal((h0.Hash, 0), (read.Header.Hash, load.Deltas));
        Assert.Contains("delta record 1", load.DeltasStopped);

        // The full snapshot written again (a crash before the old deltas were removed): they no longer chain.
        File.Delete(deltas);
        StateSnapshotFile.AppendDelta(deltas, Network, h0.Hash, h1, s1.ChangedSince(s0));
        StateSnapshotFile.Write(full, Network, h2, s2);
        Assert.True(StateSnapshotFile.TryRead(full, deltas, out read, out load, out why), why);
        Assert.Equal((h2.Hash, 0), (read.Header.Hash, load.Deltas));
        Assert.Contains("does not follow", load.DeltasStopped);
    }

    private static byte[] Encoded(IStateEntry e)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        e.Write(new Encoding.CanonicalWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }

    [Fact]
    public void A_snapshot_reads_back_as_the_same_state_entry_for_entry()
    {
        string path = Path.Combine(_dir, "state.snapshot");
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var (header, state) = RandomState(new Random(seed));
            StateSnapshotFile.Write(path, Network, header, state);
            Assert.True(StateSnapshotFile.TryRead(path, out var read, out var why), why);
            Assert.Equal(Network, read.Network);
            Assert.Equal(header.Hash, read.Header.Hash);
            Assert.Equal(state.Root, read.State.Root);
            foreach (var (a, b) in new[] { (state.Accounts, read.State.Accounts), (state.Records, read.State.Records), (state.Notarizations, read.State.Notarizations) })
                Assert.Equal(a.Entries().Select(Encoded), b.Entries().Select(Encoded));
        }).Check(PropertyConfig.Default(41, maxTest: 40));
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void Any_damage_to_a_snapshot_file_is_refused_with_a_reason_and_never_throws()
    {
        string good = Path.Combine(_dir, "good.snapshot"), bad = Path.Combine(_dir, "bad.snapshot");
        var (header, state) = RandomState(new Random(7));
        StateSnapshotFile.Write(good, Network, header, state);
        byte[] bytes = File.ReadAllBytes(good);
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var rng = new Random(seed);
            byte[] damaged = (rng.Next(3)) switch
            {
                0 => bytes.Select((b, i) => i == rng.Next(bytes.Length) ? (byte)(b ^ (1 << rng.Next(8))) : b).ToArray(), // one flipped bit (or none when the index misses)
                1 => bytes[..rng.Next(bytes.Length)],                                                                      // truncated
                _ => [.. bytes, .. RandomTransactions.Bytes(rng, rng.Next(1, 64))],                                        // trailing bytes
            };
            File.WriteAllBytes(bad, damaged);
            bool ok = StateSnapshotFile.TryRead(bad, out var read, out var why);
            if (damaged.AsSpan().SequenceEqual(bytes)) Assert.True(ok, why);
            else Assert.True(!ok && !string.IsNullOrEmpty(why), $"a damaged file was accepted ({damaged.Length} of {bytes.Length} bytes)");
        }).Check(PropertyConfig.Default(43, maxTest: 200));

        Assert.False(StateSnapshotFile.TryRead(Path.Combine(_dir, "missing.snapshot"), out _, out var missing));
        Assert.Equal("no snapshot file", missing);
        File.WriteAllBytes(bad, [.. "HLSNAP99"u8, .. bytes[8..]]);
        Assert.False(StateSnapshotFile.TryRead(bad, out _, out var magic));
        Assert.Contains("wrong magic", magic);
    }

    [Fact]
    public void A_snapshot_whose_state_is_not_its_headers_is_refused_even_with_a_good_checksum()
    {
        var (header, state) = RandomState(new Random(11));
        Assert.Throws<ArgumentException>(() => StateSnapshotFile.Write(Path.Combine(_dir, "x"), Network, header with { StateRoot = Hash256.Zero }, state));
    }

    /// <summary>A chain written by node 0 of a simulated network; its store, and the node config to restore from it.</summary>
    private static (TestNetwork Net, NodeConfig Config, ClosedLedger Tip) Chain()
    {
        var parameters = ConsensusNodeTests.Fast();
        var net = new TestNetwork(9, 4, parameters, new FaultPlan(DelayMinMs: 2, DelayMaxMs: 10));
        for (int i = 0; i < 80; i++) net.SubmitAt(net.NowMs + 25 * i, i % net.Count, net.Clients[i % net.Clients.Count].Notarize(i));
        net.RunUntil(net.NowMs + 6_000);
        var tip = net.Node(0)!.LastValidatedLedger;
        Assert.True(tip.Sequence >= 4, $"[seed {net.Seed}] the chain is too short to test: {net.Describe()}");
        var key = new[] { "gen-0", "gen-1", "rec-0", "mon-0" }.Select(l => SigningKey.FromLabel(SignatureSchemes.Ed25519, l)).Single(k => k.Public.Id == net.Node(0)!.NodeId);
        var config = new NodeConfig(parameters, net.Validators, net.Genesis, net.Store(0), new KeyConsensusSigner(key), TestVerifiers.Messages, TestVerifiers.Transactions);
        return (net, config, tip);
    }

    /// <summary>The validated ledger at <paramref name="sequence"/>, rebuilt from the first entries of the store.</summary>
    private static ClosedLedger LedgerAt(NodeConfig config, uint sequence)
    {
        var prefix = new MemoryBlockStore();
        foreach (var e in config.Store.ReadAll().TakeWhile(e => e.Sequence <= sequence)) prefix.Append(e.Sequence, e.Hash, e.Blob.Span);
        return new ConsensusNode(config with { Store = prefix, Watermark = new MemorySigningWatermark() }).LastValidatedLedger;
    }

    [Fact]
    public void A_node_restored_from_a_snapshot_replays_only_the_ledgers_after_it_and_reaches_the_same_ledger()
    {
        var (_, config, tip) = Chain();
        var full = new ConsensusNode(config with { Watermark = new MemorySigningWatermark() });
        Assert.Equal(tip.Hash, full.LastValidatedLedger.Hash);
        Assert.Equal(new RestoreReport(null, null, tip.Sequence, full.Restore.TransactionsReplayed), full.Restore);

        uint at = tip.Sequence - 2;
        var middle = LedgerAt(config, at);
        string path = Path.Combine(_dir, "state.snapshot");
        StateSnapshotFile.Write(path, config.Genesis.Hash, middle.Header, middle.State);
        Assert.True(StateSnapshotFile.TryRead(path, out var snapshot, out var why), why);

        var restored = new ConsensusNode(config with { Snapshot = snapshot, Watermark = new MemorySigningWatermark() });
        Assert.Equal(tip.Hash, restored.LastValidatedLedger.Hash);
        Assert.Equal(tip.State.Root, restored.LastValidatedLedger.State.Root);
        Assert.Equal(at, restored.Restore.SnapshotSequence);
        Assert.Null(restored.Restore.SnapshotRejected);
        Assert.Equal(2u, restored.Restore.LedgersReplayed);
    }

    [Fact]
    public void A_snapshot_that_does_not_match_the_network_or_the_block_store_is_not_used_and_the_node_replays_from_genesis()
    {
        var (_, config, tip) = Chain();
        var middle = LedgerAt(config, tip.Sequence - 1);
        var cases = new (StateSnapshot Snapshot, string Reason)[]
        {
            (new StateSnapshot(Hash256.Compute("other"u8), middle.Header, middle.State), "network"),
            (new StateSnapshot(config.Genesis.Hash, middle.Header, config.Genesis.State), "state root"),
            (new StateSnapshot(config.Genesis.Hash, middle.Header with { Sequence = tip.Sequence + 5 }, middle.State), $"holds no ledger {tip.Sequence + 5}"),
            (new StateSnapshot(config.Genesis.Hash, middle.Header with { CloseTimeMs = middle.CloseTimeMs + 1 }, middle.State), "the snapshot's is"),
        };
        foreach (var (snapshot, reason) in cases)
        {
            var node = new ConsensusNode(config with { Snapshot = snapshot, Watermark = new MemorySigningWatermark() });
            Assert.Equal(tip.Hash, node.LastValidatedLedger.Hash);
            Assert.Null(node.Restore.SnapshotSequence);
            Assert.Contains(reason, node.Restore.SnapshotRejected);
            Assert.Equal(tip.Sequence, node.Restore.LedgersReplayed);
        }
    }

    [Fact]
    public async Task A_runtime_restores_from_its_snapshot_file_and_checks_only_the_signatures_after_it()
    {
        var (_, config, tip) = Chain();
        uint at = tip.Sequence - 1;
        var middle = LedgerAt(config, at);
        string path = Path.Combine(_dir, "state.snapshot");
        StateSnapshotFile.Write(path, config.Genesis.Hash, middle.Header, middle.State);
        long after = config.Store.ReadFrom(at + 1UL).Sum(e => (long)LedgerHeaderOf(e).TxCount);

        var key = SigningKey.FromLabel(SignatureSchemes.Ed25519, new[] { "gen-0", "gen-1", "rec-0", "mon-0" }.Single(l => SigningKey.FromLabel(SignatureSchemes.Ed25519, l).Public.Id == config.Signer!.Key.Id));
        var counting = new CountingVerifier();
        var log = new StringWriter();
        var options = new NodeRuntimeOptions { Listen = LoopbackPorts.Take(1)[0], Key = key, Peers = [], SnapshotPath = path };
        await using (var runtime = new NodeRuntime(config with { TransactionVerifier = new CachingTransactionVerifier(counting), Watermark = new MemorySigningWatermark() }, options, log: log))
        {
            await runtime.StartAsync();
            Assert.Equal(tip.Sequence, runtime.ValidatedSequence);
            var restore = await runtime.InvokeAsync(n => n.Restore);
            Assert.Equal(at, restore.SnapshotSequence);
            Assert.Equal(after, counting.Calls); // only the replayed ledgers' signatures, on all cores, before the replay
        }
        Assert.Contains($"from the state snapshot at ledger {at}", log.ToString());
        // Its last lines say what the transport and the consensus core did, for whoever reads the log after a run.
        Assert.Matches(@"consensus: sets fetched \d+ \(\d+ members this node lacked\), abandoned rounds \d+, submissions refused busy \d+, dropped \[", log.ToString());

        // A damaged file is reported and the node replays its whole store.
        var bytes = File.ReadAllBytes(path);
        bytes[^40] ^= 1;
        File.WriteAllBytes(path, bytes);
        log = new StringWriter();
        await using (var runtime = new NodeRuntime(config with { Watermark = new MemorySigningWatermark() }, options with { Listen = LoopbackPorts.Take(1)[0] }, log: log))
        {
            await runtime.StartAsync();
            Assert.Equal(tip.Sequence, runtime.ValidatedSequence);
            Assert.Null((await runtime.InvokeAsync(n => n.Restore)).SnapshotSequence);
        }
        Assert.Contains("not used: ", log.ToString());
        Assert.Contains("from the genesis ledger", log.ToString());
    }

    private static LedgerHeader LedgerHeaderOf(BlockEntry e) =>
        Node.Messages.ConsensusMessage.TryDecode(e.Blob.Span, out var m, out _) && m is Node.Messages.LedgerResponseMessage l ? l.Header : throw new InvalidDataException();
}
