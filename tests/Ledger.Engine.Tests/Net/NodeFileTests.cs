using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Net;

namespace HealthLedger.Engine.Tests.Net;

/// <summary>The node file an operator writes: every problem is named by its field before anything starts.</summary>
public sealed class NodeFileTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("hl-nodefile-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static PeerSpec Peer(string label, ValidatorGroup group, int port) =>
        new() { Address = $"127.0.0.1:{port}", PublicKey = NodeFile.FormatKey(SigningKey.FromLabel(SignatureSchemes.Ed25519, label).Public), Group = group };

    private static NodeFile ThreeGroups() => new()
    {
        Key = new KeySpec { Label = "g0" },
        Group = ValidatorGroup.Generators,
        Peers = [Peer("r0", ValidatorGroup.Receivers, 20001), Peer("m0", ValidatorGroup.Monitors, 20002)],
    };

    [Fact]
    public void A_complete_file_round_trips_through_json_without_problems()
    {
        var file = ThreeGroups();
        Assert.Empty(file.Problems());
        string path = Path.Combine(_dir.FullName, "node.json");
        File.WriteAllText(path, file.ToJson());
        var loaded = NodeFile.Load(path);
        Assert.Equal(file.ToJson(), loaded.ToJson());
    }

    [Fact]
    public void Genesis_accounts_come_in_label_order_with_the_keys_their_labels_derive()
    {
        var genesis = new GenesisSpec { LabelledAccounts = [new("patient", 300, Role.Patient), new("provider", 0, Role.Provider), new("insurer", 7, Role.Insurer)] };
        var accounts = genesis.Accounts();
        var expected = new[] { ("patient", 300, Role.Patient), ("insurer", 7, Role.Insurer) }
            .SelectMany(g => Enumerable.Range(0, g.Item2).Select(i => (Label: $"{g.Item1}-{i}", Role: g.Item3))).ToList();
        Assert.Equal(expected.Count, accounts.Count);
        for (int k = 0; k < expected.Count; k++)
        {
            Assert.Equal(SigningKey.FromLabel(SignatureSchemes.Ed25519, expected[k].Label).Public, accounts[k].Key);
            Assert.Equal(BoxKeyPair.FromLabel(BoxScheme.X25519, expected[k].Label).PublicKey, accounts[k].BoxKey);
            Assert.Equal(expected[k].Role, accounts[k].Role);
        }
    }

    [Fact]
    public void A_weighted_group_with_no_validator_among_the_node_and_its_peers_is_named()
    {
        var alone = new NodeFile { Key = new KeySpec { Label = "g0" } };
        var problems = alone.Problems();
        Assert.Contains(problems, p => p.StartsWith("consensus.weights: the Receivers group has weight 1", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("consensus.weights: the Monitors group has weight 1", StringComparison.Ordinal));
        Assert.Empty((alone with { Consensus = new ConsensusFileSpec { Weights = "1:0:0" } }).Problems());
    }

    [Fact]
    public void Admission_control_defaults_to_one_and_a_half_ledgers_and_takes_a_limit_up_to_the_pool()
    {
        Assert.Equal(15_000, ThreeGroups().Parameters().SubmissionQueueLimit);
        Assert.Equal(750, (ThreeGroups() with { Consensus = new ConsensusFileSpec { MaxTransactionsPerLedger = 500 } }).Parameters().SubmissionLimit);
        Assert.Equal(42, (ThreeGroups() with { Consensus = new ConsensusFileSpec { SubmissionQueueLimit = 42 } }).Parameters().SubmissionLimit);
        var off = ThreeGroups() with { Consensus = new ConsensusFileSpec { SubmissionQueueLimit = ConsensusFileSpec.MaxSubmissionQueueLimit } };
        Assert.Empty(off.Problems());
        Assert.Equal(off.Parameters().MaxPendingTransactions, off.Parameters().SubmissionLimit);
        Assert.Contains((ThreeGroups() with { Consensus = new ConsensusFileSpec { SubmissionQueueLimit = ConsensusFileSpec.MaxSubmissionQueueLimit + 1 } }).Problems(),
            p => p.StartsWith("consensus.submissionQueueLimit", StringComparison.Ordinal));
    }

    [Fact]
    public void Admission_in_time_is_three_close_intervals_unless_the_file_sets_it_and_0_turns_it_off()
    {
        Assert.Equal(3_000, ThreeGroups().Parameters().SubmissionQueueMsInEffect);
        Assert.Equal(600, (ThreeGroups() with { Consensus = new ConsensusFileSpec { CloseIntervalMs = 200 } }).Parameters().SubmissionQueueMsInEffect);
        Assert.Null((ThreeGroups() with { Consensus = new ConsensusFileSpec { SubmissionQueueMs = 0 } }).Parameters().SubmissionQueueMsInEffect);
        Assert.Equal(2_500, (ThreeGroups() with { Consensus = new ConsensusFileSpec { SubmissionQueueMs = 2_500 } }).Parameters().SubmissionQueueMsInEffect);
        Assert.Contains((ThreeGroups() with { Consensus = new ConsensusFileSpec { SubmissionQueueMs = -1 } }).Problems(),
            p => p.StartsWith("consensus.submissionQueueMs", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_bad_field_is_reported_at_once_and_load_refuses_the_file()
    {
        var bad = ThreeGroups() with
        {
            Key = new KeySpec(),
            Listen = "not-an-address",
            DataDirectory = " ",
            SnapshotMinTransactions = -1,
            SnapshotDeltaFraction = -0.5,
            DeadLinkMs = 999,
            Consensus = new ConsensusFileSpec { Quorum = "flat(2)", CloseIntervalMs = 1, MaxTransactionsPerLedger = 0, SubmissionQueueLimit = 0 },
        };
        var problems = bad.Problems();
        foreach (var field in new[] { "key:", "listen:", "dataDirectory", "snapshotMinTransactions:", "snapshotDeltaFraction:", "deadLinkMs:", "consensus.quorum:", "consensus.closeIntervalMs", "consensus.maxTransactionsPerLedger", "consensus.submissionQueueLimit" })
            Assert.Contains(problems, p => p.StartsWith(field, StringComparison.Ordinal));
        string path = Path.Combine(_dir.FullName, "bad.json");
        File.WriteAllText(path, bad.ToJson());
        var e = Assert.Throws<NodeFileException>(() => NodeFile.Load(path));
        Assert.Equal(problems.Count, e.Problems.Count);
    }

    [Fact]
    public void Dead_links_are_given_up_after_ten_seconds_unless_the_file_says_otherwise_and_0_leaves_it_to_the_kernel()
    {
        var (_, defaults) = ThreeGroups().Build();
        Assert.Equal(ConnectionLimits.DefaultDeadLinkMs, defaults.PeerLimits.DeadLinkMs);
        Assert.Equal(ConnectionLimits.DefaultDeadLinkMs, defaults.ClientLimits.DeadLinkMs);
        var (_, set) = (ThreeGroups() with { DeadLinkMs = 2_500 }).Build();
        Assert.Equal((2_500, 2_500), (set.PeerLimits.DeadLinkMs, set.ClientLimits.DeadLinkMs));
        Assert.Equal(ConnectionLimits.Peer.MaxQueuedBytes, set.PeerLimits.MaxQueuedBytes); // only the timeout changes
        Assert.Empty((ThreeGroups() with { DeadLinkMs = 0 }).Problems());
        Assert.Contains((ThreeGroups() with { DeadLinkMs = NodeFile.MaxDeadLinkMs + 1 }).Problems(), p => p.StartsWith("deadLinkMs:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("null")]
    [InlineData("{\"unknownField\": 1}")]
    public void A_file_that_is_not_a_node_file_is_refused_with_a_reason(string text)
    {
        string path = Path.Combine(_dir.FullName, "junk.json");
        File.WriteAllText(path, text);
        var e = Assert.Throws<NodeFileException>(() => NodeFile.Load(path));
        Assert.NotEmpty(e.Problems);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_refused_with_a_reason() =>
        Assert.Throws<NodeFileException>(() => NodeFile.Load(Path.Combine(_dir.FullName, "absent.json")));
}
