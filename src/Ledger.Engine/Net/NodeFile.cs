using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Node;
using HealthLedger.Engine.Storage.BlockLog;

namespace HealthLedger.Engine.Net;

/// <summary>
/// The JSON file a node process is started from (<c>healthledger node --config FILE</c>): its validator key, group,
/// listening address, data directory, peers, consensus settings and genesis. Every validator of a network must agree
/// on the last three; the genesis hash is the network id every handshake checks. Comments and trailing commas are
/// allowed; unknown fields are refused, so a typo is an error rather than a silent default.
/// </summary>
public sealed record NodeFile
{
    /// <summary>The validator key.</summary>
    public KeySpec Key { get; init; } = new();

    /// <summary>This validator's group.</summary>
    public ValidatorGroup Group { get; init; } = ValidatorGroup.Generators;

    /// <summary>Address and port to listen on for peers and clients, e.g. <c>127.0.0.1:7001</c>.</summary>
    public string Listen { get; init; } = "127.0.0.1:0";

    /// <summary>Where the block store lives; a restarted node resumes from it.</summary>
    public string DataDirectory { get; init; } = "data";

    /// <summary>Fewest transactions between two state snapshot writes (full or delta) in <see cref="DataDirectory"/>,
    /// which bound a restart's replay (<see cref="NodeRuntimeOptions.SnapshotMinTransactions"/>); 0 writes none and
    /// ignores any there.</summary>
    public int SnapshotMinTransactions { get; init; } = 10_000;

    /// <summary>When a full state snapshot replaces the deltas: once they would hold more entries than this share of it
    /// (<see cref="NodeRuntimeOptions.SnapshotDeltaFraction"/>).</summary>
    public double SnapshotDeltaFraction { get; init; } = 1.0;

    /// <summary>How long, in ms, a peer or client may leave what this node sent unacknowledged, or an idle connection
    /// unanswered, before the connection is given up as dead and (to a peer this node dials) dialled again
    /// (<see cref="ConnectionLimits.DeadLinkMs"/>); 0 leaves it to the kernel's own timeouts, which take minutes.</summary>
    public int DeadLinkMs { get; init; } = ConnectionLimits.DefaultDeadLinkMs;

    /// <summary>The other validators.</summary>
    public IReadOnlyList<PeerSpec> Peers { get; init; } = [];

    /// <summary>Consensus settings (the same on every validator).</summary>
    public ConsensusFileSpec Consensus { get; init; } = new();

    /// <summary>The genesis ledger (the same on every validator).</summary>
    public GenesisSpec Genesis { get; init; } = new();

    /// <summary>Shortest <see cref="DeadLinkMs"/> accepted: a link must survive a collection pause or a busy second.</summary>
    public const int MinDeadLinkMs = 1_000;

    /// <summary>Longest <see cref="DeadLinkMs"/> accepted (10 minutes).</summary>
    public const int MaxDeadLinkMs = 600_000;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Reads and checks a node file. Throws <see cref="NodeFileException"/> listing every problem.</summary>
    public static NodeFile Load(string path)
    {
        NodeFile? file;
        try
        {
            file = JsonSerializer.Deserialize<NodeFile>(File.ReadAllText(path), Json);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new NodeFileException(path, [e.Message]);
        }
        if (file is null) throw new NodeFileException(path, ["the file holds null"]);
        var problems = file.Problems();
        if (problems.Count > 0) throw new NodeFileException(path, problems);
        return file;
    }

    /// <summary>The file as JSON (what <see cref="Load"/> reads).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Every problem, each naming its field.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if ((Key.Label is null) == (Key.SeedHex is null)) problems.Add("key: give exactly one of label, seedHex");
        if (Key.SeedHex is { } seed && (seed.Length != 64 || !seed.All(Uri.IsHexDigit))) problems.Add("key.seedHex: 64 hexadecimal digits");
        if (Group == ValidatorGroup.None) problems.Add("group: one of Generators, Receivers, Monitors");
        if (!IPEndPoint.TryParse(Listen, out _)) problems.Add($"listen: '{Listen}' is not address:port");
        if (string.IsNullOrWhiteSpace(DataDirectory)) problems.Add("dataDirectory must not be empty");
        if (SnapshotMinTransactions < 0) problems.Add("snapshotMinTransactions: 0 (no snapshots) or more");
        if (!(SnapshotDeltaFraction >= 0) || double.IsInfinity(SnapshotDeltaFraction)) problems.Add("snapshotDeltaFraction: a finite number, 0 or more");
        if (DeadLinkMs is not 0 and (< MinDeadLinkMs or > MaxDeadLinkMs))
            problems.Add($"deadLinkMs: 0 (the kernel's own timeouts) or {MinDeadLinkMs:N0} to {MaxDeadLinkMs:N0}");
        for (int i = 0; i < Peers.Count; i++)
        {
            if (!IPEndPoint.TryParse(Peers[i].Address, out var ep) || ep.Port == 0) problems.Add($"peers[{i}].address: '{Peers[i].Address}' is not address:port");
            if (!TryParseKey(Peers[i].PublicKey, out _)) problems.Add($"peers[{i}].publicKey: 64 hexadecimal digits (an Ed25519 key), optionally prefixed 'Ed25519:'");
            if (Peers[i].Group == ValidatorGroup.None) problems.Add($"peers[{i}].group: one of Generators, Receivers, Monitors");
        }
        if (!QuorumPolicy.TryParse(Consensus.Quorum, out _, out var quorumError)) problems.Add($"consensus.quorum: {quorumError}");
        try
        {
            var weights = GroupWeights.Parse(Consensus.Weights);
            if (weights.Problem() is { } w) problems.Add($"consensus.weights: {w}");
            foreach (var g in ValidatorGroups.All)
                if (weights.Of(g) > 0 && Group != g && Peers.All(p => p.Group != g))
                    problems.Add($"consensus.weights: the {g} group has weight {weights.Of(g)} but neither this node nor any peer is in it; give it weight 0 or add its validators as peers");
        }
        catch (FormatException e)
        {
            problems.Add($"consensus.weights: {e.Message}");
        }
        if (Consensus.CloseIntervalMs < 10) problems.Add("consensus.closeIntervalMs must be >= 10");
        if (Consensus.MaxTransactionsPerLedger < 1) problems.Add("consensus.maxTransactionsPerLedger must be >= 1");
        if (Consensus.SubmissionQueueLimit is { } limit && (limit < 1 || limit > ConsensusFileSpec.MaxSubmissionQueueLimit))
            problems.Add($"consensus.submissionQueueLimit must be in [1, {ConsensusFileSpec.MaxSubmissionQueueLimit:N0}] ({ConsensusFileSpec.MaxSubmissionQueueLimit:N0}: no limit below the pool's; absent: 1.5 × maxTransactionsPerLedger)");
        if (Consensus.SubmissionQueueMs is { } queueMs && (queueMs < 0 || queueMs > ConsensusParameters.MaxSubmissionQueueMs))
            problems.Add($"consensus.submissionQueueMs must be in [0, {ConsensusParameters.MaxSubmissionQueueMs:N0}] (absent: {ConsensusParameters.DefaultSubmissionQueueCloseIntervals} close intervals; 0: the count limit alone)");
        for (int i = 0; i < Genesis.LabelledAccounts.Count; i++)
            if (Genesis.LabelledAccounts[i].Count is < 0 or > 1_000_000) problems.Add($"genesis.labelledAccounts[{i}].count must be in [0, 1,000,000]");
        return problems;
    }

    /// <summary>The signing key the file names.</summary>
    public SigningKey SigningKey() => Key.Label is { } label
        ? Crypto.SigningKey.FromLabel(SignatureSchemes.Ed25519, label)
        : Crypto.SigningKey.FromSeed(SignatureSchemes.Ed25519, Convert.FromHexString(Key.SeedHex!));

    /// <summary>The consensus parameters the file sets (engine defaults elsewhere).</summary>
    public ConsensusParameters Parameters() => new ConsensusParameters
    {
        Quorum = QuorumPolicy.Parse(Consensus.Quorum),
        Weights = GroupWeights.Parse(Consensus.Weights),
        CloseIntervalMs = Consensus.CloseIntervalMs,
        MaxTransactionsPerLedger = Consensus.MaxTransactionsPerLedger,
        SubmissionQueueLimit = Consensus.SubmissionQueueLimit ?? ConsensusFileSpec.DefaultSubmissionQueueLimit(Consensus.MaxTransactionsPerLedger),
        SubmissionQueueMs = Consensus.SubmissionQueueMs,
    }.Validate();

    /// <summary>The genesis ledger the file describes.</summary>
    public ClosedLedger GenesisLedger() => ClosedLedger.Genesis(new GenesisConfig(Genesis.CloseTimeMs, Genesis.Accounts()));

    /// <summary>Builds the node core's configuration and the runtime options. The block store is opened (and created)
    /// in <see cref="DataDirectory"/>; the caller disposes it after the node stops.</summary>
    public (NodeConfig Config, NodeRuntimeOptions Options) Build()
    {
        var key = SigningKey();
        var parameters = Parameters();
        var members = new List<(PublicKey, ValidatorGroup)> { (key.Public, Group) };
        var peers = new List<PeerAddress>();
        foreach (var p in Peers)
        {
            TryParseKey(p.PublicKey, out var peerKey);
            members.Add((peerKey!, p.Group));
            peers.Add(new PeerAddress(peerKey!, IPEndPoint.Parse(p.Address)));
        }
        var validators = new ValidatorSet(members, parameters.Weights);
        Directory.CreateDirectory(DataDirectory);
        var store = FileBlockStore.Open(Path.Combine(DataDirectory, "ledgers.blocklog"));
        var config = new NodeConfig(parameters, validators, GenesisLedger(), store, new KeyConsensusSigner(key),
            new CachingConsensusVerifier(DirectConsensusVerifier.Instance), new CachingTransactionVerifier(SignatureVerifier.Instance))
        {
            // Beside the block log, so a restarted process never signs a second validation at a sequence it signed.
            Watermark = FileSigningWatermark.Open(Path.Combine(DataDirectory, "signed.watermark")),
        };
        var options = new NodeRuntimeOptions { Listen = IPEndPoint.Parse(Listen), Peers = peers, Key = key,
            SnapshotPath = SnapshotMinTransactions > 0 ? Path.Combine(DataDirectory, "state.snapshot") : null,
            SnapshotMinTransactions = Math.Max(1, SnapshotMinTransactions),
            SnapshotDeltaFraction = SnapshotDeltaFraction,
            PeerLimits = ConnectionLimits.Peer with { DeadLinkMs = DeadLinkMs },
            ClientLimits = ConnectionLimits.Client with { DeadLinkMs = DeadLinkMs },
        };
        return (config, options);
    }

    /// <summary>Parses an Ed25519 public key written as hex, optionally prefixed <c>Ed25519:</c>.</summary>
    public static bool TryParseKey(string? text, out PublicKey? key)
    {
        key = null;
        if (text is null) return false;
        if (text.StartsWith("Ed25519:", StringComparison.OrdinalIgnoreCase)) text = text["Ed25519:".Length..];
        if (text.Length != 64 || !text.All(Uri.IsHexDigit)) return false;
        key = new PublicKey(SignatureScheme.Ed25519, Convert.FromHexString(text));
        return true;
    }

    /// <summary>Writes a key as the file expects it.</summary>
    public static string FormatKey(PublicKey key) => $"Ed25519:{Convert.ToHexStringLower(key.Bytes)}";
}

/// <summary>A validator key: derived from a label (test networks) or from a 32-byte seed in hex.</summary>
public sealed record KeySpec
{
    /// <summary>A label hashed into the seed; for test and benchmark networks only.</summary>
    public string? Label { get; init; }

    /// <summary>The 32-byte seed, hex.</summary>
    public string? SeedHex { get; init; }
}

/// <summary>One peer in a node file.</summary>
public sealed record PeerSpec
{
    /// <summary>address:port.</summary>
    public string Address { get; init; } = "";

    /// <summary>Its Ed25519 public key, hex.</summary>
    public string PublicKey { get; init; } = "";

    /// <summary>Its group.</summary>
    public ValidatorGroup Group { get; init; }
}

/// <summary>The consensus settings of a node file.</summary>
public sealed record ConsensusFileSpec
{
    /// <summary>Quorum policy: flat(q), weighted(q) or groups(k,qg).</summary>
    public string Quorum { get; init; } = "flat(0.8)";

    /// <summary>Group weights generators:receivers:monitors.</summary>
    public string Weights { get; init; } = "1:1:1";

    /// <summary>Ledger close interval while transactions are pending, ms.</summary>
    public long CloseIntervalMs { get; init; } = 1_000;

    /// <summary>Most transactions per ledger. 10,000, not the engine's 5,000: with 1-s closes a round near the knee of a
    /// 2-core loopback cluster takes about 1.25 s, so 5,000 capped a 4-node cluster at about 4,000 tx/s, below what its
    /// processors allow (results/README.md, session 26).</summary>
    public int MaxTransactionsPerLedger { get; init; } = 10_000;

    /// <summary>Admission control: a client's submission is refused (NodeBusy) while the node holds this many
    /// unconfirmed transactions (<see cref="ConsensusParameters.SubmissionQueueLimit"/>); absent:
    /// <see cref="DefaultSubmissionQueueLimit"/>; <see cref="MaxSubmissionQueueLimit"/>: refused only when the pool itself
    /// is full.</summary>
    public int? SubmissionQueueLimit { get; init; }

    /// <summary>The largest <see cref="SubmissionQueueLimit"/>: the engine's pool size.</summary>
    public static readonly int MaxSubmissionQueueLimit = new ConsensusParameters().MaxPendingTransactions;

    /// <summary>The limit a node file without one gets: one and a half of its ledgers. At the knee of a 4-validator
    /// loopback cluster (4,200 tx/s, rounds of 1.3-2.4 s) the pool peaks near 10,000, and a limit of 10,000 refused 2%
    /// of the load there; at 15,000 none. Past the knee it holds the queue to a few seconds and the 4-validator cluster
    /// keeps validating at its capacity, where without it the rounds slowed and it validated 11-21% less. With 7
    /// validators 15,000 is about 6 s of their capacity, too loose to do the same (results/README.md, session 36).</summary>
    public static int DefaultSubmissionQueueLimit(int maxTransactionsPerLedger) =>
        (int)Math.Clamp(3L * maxTransactionsPerLedger / 2, 1, MaxSubmissionQueueLimit);

    /// <summary>Admission control in time (<see cref="ConsensusParameters.SubmissionQueueMs"/>): while its clients'
    /// transactions waited longer than this many ms to be validated, a node refuses their submissions beyond this many ms
    /// of the capacity its recent ledgers showed, with <see cref="SubmissionQueueLimit"/> as the ceiling. Absent: three
    /// close intervals; 0: the count limit alone. At 3,000 ms with 1-s closes it changed nothing at either knee; past the
    /// 7-validator one it validated 6-24% more than the count alone with 36-63% of its median latency, past the
    /// 4-validator one about as much with a lower median (results/README.md, session 38).</summary>
    public long? SubmissionQueueMs { get; init; }
}

/// <summary>The genesis of a node file: its close time and its accounts, given as label-derived key pairs (the
/// registrar's predetermined keys: account <c>prefix-i</c> for i below count, keys from <see cref="SigningKey.FromLabel"/>
/// and <see cref="BoxKeyPair.FromLabel"/>), in order.</summary>
public sealed record GenesisSpec
{
    /// <summary>Genesis close time, Unix ms (default 2026-01-01T00:00:00Z).</summary>
    public long CloseTimeMs { get; init; } = 1_767_225_600_000;

    /// <summary>Label-derived accounts.</summary>
    public IReadOnlyList<LabelledAccounts> LabelledAccounts { get; init; } = [];

    /// <summary>The genesis accounts, in order. Their keys are derived on every core: two key pairs per account (about
    /// 60 µs), so 24,000 accounts took 1.5 s of a node's 2.3-s start on one core.</summary>
    public IReadOnlyList<GenesisAccount> Accounts()
    {
        var labels = LabelledAccounts.SelectMany(g => Enumerable.Range(0, g.Count).Select(i => (Label: $"{g.Prefix}-{i}", g.Role))).ToArray();
        var accounts = new GenesisAccount[labels.Length];
        Parallel.For(0, labels.Length, k =>
        {
            var (label, role) = labels[k];
            var box = BoxKeyPair.FromLabel(BoxScheme.X25519, label);
            accounts[k] = new GenesisAccount(SigningKey.FromLabel(SignatureSchemes.Ed25519, label).Public, box.Scheme, box.PublicKey, role, ValidatorGroup.None);
        });
        return accounts;
    }
}

/// <summary>A run of label-derived genesis accounts.</summary>
/// <param name="Prefix">Label prefix (account i is labelled prefix-i).</param>
/// <param name="Count">How many.</param>
/// <param name="Role">Their role.</param>
public sealed record LabelledAccounts(string Prefix, int Count, Role Role);

/// <summary>A node file that cannot be used: the path and every problem found.</summary>
public sealed class NodeFileException : Exception
{
    /// <summary>With the path and the problems.</summary>
    public NodeFileException(string path, IReadOnlyList<string> problems) : base($"{path}: {string.Join("; ", problems)}") => Problems = problems;

    /// <summary>Without details (for serializers).</summary>
    public NodeFileException() : base("The node file is invalid.") => Problems = [];

    /// <summary>With a message.</summary>
    public NodeFileException(string message) : base(message) => Problems = [message];

    /// <summary>With a message and cause.</summary>
    public NodeFileException(string message, Exception inner) : base(message, inner) => Problems = [message];

    /// <summary>Each problem, naming its field.</summary>
    public IReadOnlyList<string> Problems { get; }
}
