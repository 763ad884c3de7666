namespace HealthLedger.Engine.Consensus;

/// <summary>
/// Every tunable of the consensus protocol in one place (after rippled's ConsensusParms). Times are milliseconds of
/// the host's clock (virtual in the simulator); shares are exact fractions. Call <see cref="Validate"/> before use:
/// the node core refuses invalid parameters.
/// </summary>
public sealed record ConsensusParameters
{
    /// <summary>How long the open phase collects transactions before the node closes its ledger, when it holds at
    /// least one transaction. Lower means lower latency and more, smaller ledgers.</summary>
    public long CloseIntervalMs { get; init; } = 1_000;

    /// <summary>How long the open phase lasts when the node holds no transaction: empty ledgers are still closed at
    /// this pace so that time advances and a stalled peer notices the network's progress.</summary>
    public long IdleIntervalMs { get; init; } = 5_000;

    /// <summary>The shortest establish phase: a node does not accept a transaction set before this much time has
    /// passed since it closed, so that slower peers' proposals can arrive.</summary>
    public long MinConsensusMs { get; init; } = 300;

    /// <summary>A floor on the "previous round duration" that the dispute schedule measures age against, so one
    /// very fast round does not make the next round's thresholds rise at once (rippled's avMIN_CONSENSUS_TIME).</summary>
    public long AvalancheMinConsensusMs { get; init; } = 1_000;

    /// <summary>A peer's proposal older than this (by its arrival time) no longer counts: the peer is treated as
    /// having left the round (rippled's propFRESHNESS).</summary>
    public long ProposalFreshnessMs { get; init; } = 4_000;

    /// <summary>A node re-sends its current proposal this often during establish, so that a dropped proposal does
    /// not stall the round (rippled's propINTERVAL).</summary>
    public long ProposeIntervalMs { get; init; } = 1_000;

    /// <summary>A node re-sends its latest validation this often while the ledger it validated is not yet fully
    /// validated, so that a dropped validation does not stall the network.</summary>
    public long ValidationResendIntervalMs { get; init; } = 1_000;

    /// <summary>An establish phase that has run this long without agreement is abandoned: the node accepts its own
    /// position so that the network moves on; validations then decide which ledger wins (rippled's
    /// ledgerABANDON_CONSENSUS).</summary>
    public long AbandonConsensusMs { get; init; } = 30_000;

    /// <summary>How often the node wants a tick while a round is being established or a fetch is outstanding: the
    /// granularity at which dispute thresholds, re-sends and fetch timeouts are checked (rippled's ledgerGRANULARITY).</summary>
    public long TickIntervalMs { get; init; } = 100;

    /// <summary>A transaction rejected for a retryable reason (a sequence gap, a sender not yet registered) stays pending
    /// for at most this many ledgers the node builds, then is rejected for good.</summary>
    public int RetryLedgers { get; init; } = 8;

    /// <summary>How long a node waits for a requested ledger or transaction set before asking another peer.</summary>
    public long FetchTimeoutMs { get; init; } = 500;

    /// <summary>The dispute thresholds as the round ages: 50% at the start, 65% from half the previous round's
    /// duration, 70% from 85%, 95% from 200% (rippled's avalanche states). Ages strictly rise and the first starts
    /// at 0; thresholds never fall and are at least one half.</summary>
    public IReadOnlyList<AvalancheStep> DisputeSchedule { get; init; } =
    [
        new(0, Share.Percent(50)),
        new(50, Share.Percent(65)),
        new(85, Share.Percent(70)),
        new(200, Share.Percent(95)),
    ];

    /// <summary>A node accepts a transaction set when the validators proposing exactly its position (set and close
    /// time, itself included) hold at least this share of the power of all validators taking part in the round, and
    /// also form a quorum under <see cref="Quorum"/> (rippled's minCONSENSUS_PCT, weighted).</summary>
    public Share AcceptShare { get; init; } = Share.Percent(80);

    /// <summary>Close times are rounded to this resolution before they are proposed, so that nodes whose clocks
    /// differ slightly propose the same value.</summary>
    public long CloseTimeResolutionMs { get; init; } = 1_000;

    /// <summary>The share of participating power that must propose one rounded close time for a node to adopt it
    /// as its own (rippled's avCT_CONSENSUS_PCT).</summary>
    public Share CloseTimeAgreementShare { get; init; } = Share.Percent(75);

    /// <summary>At most this many transactions go into the set a node proposes when it closes; the rest wait in the
    /// pool for the next ledger. Disputes may then add transactions that most validators proposed (a node at the cap
    /// includes them rather than dropping others), so an agreed set, and the ledger built from it, holds at most
    /// <see cref="MaxTransactionsPerSet"/>.</summary>
    public int MaxTransactionsPerLedger { get; init; } = 5_000;

    /// <summary>The largest transaction set a node accepts from a peer: twice <see cref="MaxTransactionsPerLedger"/>. A
    /// transaction a position takes in from disputes is in more than half of the participating sets, each proposed
    /// within the cap, so no honest set outgrows this; it bounds what a faulty peer can make a node assemble.</summary>
    public int MaxTransactionsPerSet => 2 * MaxTransactionsPerLedger;

    /// <summary>At most this many unconfirmed transactions are held; further submissions are rejected as the queue
    /// being full rather than growing memory without bound.</summary>
    public int MaxPendingTransactions { get; init; } = 100_000;

    /// <summary>Admission control: a client's submission is refused as <see cref="Ledger.TxResult.NodeBusy"/> while the node
    /// holds at least this many unconfirmed transactions (null: only at <see cref="MaxPendingTransactions"/>). An
    /// overloaded network then turns the excess away at its edge, where it costs one signature check, and keeps validating
    /// at its capacity with a bounded queue, instead of every node checking, relaying and holding the whole excess while
    /// its rounds slow down (rippled's transaction queue, full: telCAN_NOT_QUEUE_FULL). Transactions relayed by peers
    /// and learnt from their proposed sets are still taken up to <see cref="MaxPendingTransactions"/>: a peer admitted
    /// them, and refusing them would only make the nodes' pools differ.</summary>
    public int? SubmissionQueueLimit { get; init; }

    /// <summary>The pool size at which clients' submissions are refused: <see cref="SubmissionQueueLimit"/>, or
    /// <see cref="MaxPendingTransactions"/> without one. With <see cref="SubmissionQueueMsInEffect"/> it is the ceiling of the
    /// node's limit (<see cref="Node.ConsensusNode.SubmissionLimit"/>).</summary>
    public int SubmissionLimit => Math.Min(SubmissionQueueLimit ?? MaxPendingTransactions, MaxPendingTransactions);

    /// <summary>The largest <see cref="SubmissionQueueMs"/>: an hour.</summary>
    public const long MaxSubmissionQueueMs = 3_600_000;

    /// <summary>Admission control that follows the network's capacity: while the transactions its clients submitted that
    /// the last ledger a node validated holds waited longer than this many ms (from their receipt, signature checks
    /// included), the node admits clients' submissions only while it holds fewer than this many ms of the capacity its
    /// recent ledgers showed, the most it saw validated per second over 8 ledgers in its last 64
    /// (<see cref="Node.ConsensusNode.ValidatedTxCapacity"/>; <see cref="Node.ConsensusNode.SubmissionLimit"/>: between
    /// <see cref="SubmissionFloor"/> and <see cref="SubmissionLimit"/>, the ceiling). By Little's law a queue is its
    /// rate times the time a transaction waits in it, so a limit in time holds the wait near this whatever the network's
    /// speed, where a count is seconds of capacity for one cluster and many more for a slower one (15,000 transactions were 3 s of a 4-validator loopback
    /// cluster's capacity and 6 s of a 7-validator one's). It applies only while the waits are long: a network keeping
    /// up, or a load that rose faster than the recent rate follows, is not refused below the ceiling. The capacity, not
    /// the rate just seen: under a limit from the rate, fewer admitted made smaller ledgers, a lower rate and a lower
    /// limit, down to the floor (results/README.md, session 38). null: <see cref="DefaultSubmissionQueueCloseIntervals"/>
    /// close intervals; 0: off, the limit is <see cref="SubmissionLimit"/> alone. (rippled sizes its queue from the
    /// transactions its recent ledgers held.)</summary>
    public long? SubmissionQueueMs { get; init; }

    /// <summary><see cref="SubmissionQueueMs"/>'s default, in close intervals: the wait the latency target allows (p99
    /// below three close intervals).</summary>
    public const int DefaultSubmissionQueueCloseIntervals = 3;

    /// <summary>The admission wait in effect, ms: <see cref="SubmissionQueueMs"/>, or
    /// <see cref="DefaultSubmissionQueueCloseIntervals"/> × <see cref="CloseIntervalMs"/> when it is null; null when it
    /// is 0 (off).</summary>
    public long? SubmissionQueueMsInEffect => SubmissionQueueMs switch
    {
        null => DefaultSubmissionQueueCloseIntervals * CloseIntervalMs,
        0 => null,
        long ms => ms,
    };

    /// <summary>With <see cref="SubmissionQueueMsInEffect"/>, the least the limit is: half a ledger
    /// (<see cref="MaxTransactionsPerLedger"/> ÷ 2), or <see cref="SubmissionLimit"/> if that is less, so a node whose
    /// recent ledgers were few still admits half a ledger.</summary>
    public int SubmissionFloor => Math.Max(1, Math.Min(MaxTransactionsPerLedger / 2, SubmissionLimit));

    /// <summary>When a ledger is fully validated, and how many validators must agree to accept a set.</summary>
    public QuorumPolicy Quorum { get; init; } = QuorumPolicy.Default;

    /// <summary>The preset voting power of each interest group.</summary>
    public GroupWeights Weights { get; init; } = GroupWeights.Equal;

    /// <summary>Every problem, one sentence each naming its field; empty when the parameters are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        void Positive(string field, long value)
        {
            if (value <= 0) problems.Add($"{field} must be positive, not {value}.");
        }
        Positive(nameof(CloseIntervalMs), CloseIntervalMs);
        Positive(nameof(IdleIntervalMs), IdleIntervalMs);
        Positive(nameof(AvalancheMinConsensusMs), AvalancheMinConsensusMs);
        Positive(nameof(ProposalFreshnessMs), ProposalFreshnessMs);
        Positive(nameof(ProposeIntervalMs), ProposeIntervalMs);
        Positive(nameof(ValidationResendIntervalMs), ValidationResendIntervalMs);
        Positive(nameof(AbandonConsensusMs), AbandonConsensusMs);
        Positive(nameof(FetchTimeoutMs), FetchTimeoutMs);
        Positive(nameof(CloseTimeResolutionMs), CloseTimeResolutionMs);
        Positive(nameof(TickIntervalMs), TickIntervalMs);
        Positive(nameof(RetryLedgers), RetryLedgers);
        Positive(nameof(MaxTransactionsPerLedger), MaxTransactionsPerLedger);
        Positive(nameof(MaxPendingTransactions), MaxPendingTransactions);
        if (MinConsensusMs < 0) problems.Add($"{nameof(MinConsensusMs)} must not be negative, not {MinConsensusMs}.");
        if (IdleIntervalMs < CloseIntervalMs)
            problems.Add($"{nameof(IdleIntervalMs)} ({IdleIntervalMs}) must be at least {nameof(CloseIntervalMs)} ({CloseIntervalMs}).");
        if (AbandonConsensusMs <= MinConsensusMs)
            problems.Add($"{nameof(AbandonConsensusMs)} ({AbandonConsensusMs}) must exceed {nameof(MinConsensusMs)} ({MinConsensusMs}).");
        if (ProposalFreshnessMs <= ProposeIntervalMs)
            problems.Add($"{nameof(ProposalFreshnessMs)} ({ProposalFreshnessMs}) must exceed {nameof(ProposeIntervalMs)} ({ProposeIntervalMs}), or a live peer's proposal would go stale between re-sends.");
        if (MaxTransactionsPerLedger > Node.Messages.ConsensusMessage.MaxTransactionsOnWire / 2)
            problems.Add($"{nameof(MaxTransactionsPerLedger)} ({MaxTransactionsPerLedger}) must be at most {Node.Messages.ConsensusMessage.MaxTransactionsOnWire / 2}: an agreed set may hold twice as many, and a set or ledger on the wire holds at most {Node.Messages.ConsensusMessage.MaxTransactionsOnWire}.");
        if (SubmissionQueueLimit is { } limit && (limit < 1 || limit > MaxPendingTransactions))
            problems.Add($"{nameof(SubmissionQueueLimit)} ({limit}) must be between 1 and {nameof(MaxPendingTransactions)} ({MaxPendingTransactions}).");
        if (SubmissionQueueMs is { } queueMs && (queueMs < 0 || queueMs > MaxSubmissionQueueMs))
            problems.Add($"{nameof(SubmissionQueueMs)} ({queueMs}) must be between 0 (off) and {MaxSubmissionQueueMs} ms.");
        if (MaxPendingTransactions < MaxTransactionsPerLedger)
            problems.Add($"{nameof(MaxPendingTransactions)} ({MaxPendingTransactions}) must be at least {nameof(MaxTransactionsPerLedger)} ({MaxTransactionsPerLedger}).");

        if (DisputeSchedule is null || DisputeSchedule.Count == 0)
            problems.Add($"{nameof(DisputeSchedule)} needs at least one step.");
        else
        {
            if (DisputeSchedule[0].RoundAgePercent != 0)
                problems.Add($"{nameof(DisputeSchedule)} must start at round age 0%, not {DisputeSchedule[0].RoundAgePercent}%.");
            for (int i = 0; i < DisputeSchedule.Count; i++)
            {
                var step = DisputeSchedule[i];
                if (step.Threshold.Numerator * 2 < step.Threshold.Denominator || step.Threshold.Numerator == step.Threshold.Denominator)
                    problems.Add($"{nameof(DisputeSchedule)}[{i}].Threshold must be in [1/2, 1), not {step.Threshold}: below one half two disjoint sides could both keep a transaction, and at 1 nothing disputed is ever kept.");
                if (i > 0 && step.RoundAgePercent <= DisputeSchedule[i - 1].RoundAgePercent)
                    problems.Add($"{nameof(DisputeSchedule)}[{i}].RoundAgePercent ({step.RoundAgePercent}) must exceed the previous step's ({DisputeSchedule[i - 1].RoundAgePercent}).");
                if (i > 0 && step.Threshold.Numerator * DisputeSchedule[i - 1].Threshold.Denominator < DisputeSchedule[i - 1].Threshold.Numerator * step.Threshold.Denominator)
                    problems.Add($"{nameof(DisputeSchedule)}[{i}].Threshold ({step.Threshold}) must not be below the previous step's ({DisputeSchedule[i - 1].Threshold}): thresholds rise as the round ages so that positions converge.");
            }
        }

        if (AcceptShare.Numerator * 2 <= AcceptShare.Denominator)
            problems.Add($"{nameof(AcceptShare)} must exceed one half, not {AcceptShare}: otherwise two different sets could both be accepted among the same participants.");
        if (CloseTimeAgreementShare.Numerator * 2 <= CloseTimeAgreementShare.Denominator)
            problems.Add($"{nameof(CloseTimeAgreementShare)} must exceed one half, not {CloseTimeAgreementShare}.");
        if (Quorum is null) problems.Add($"{nameof(Quorum)} must be set.");
        else if (Quorum.Problem() is { } q) problems.Add($"{nameof(Quorum)}: {q}.");
        if (Weights is null) problems.Add($"{nameof(Weights)} must be set.");
        else if (Weights.Problem() is { } w) problems.Add($"{nameof(Weights)}: {w}.");
        return problems;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem (each naming its field) unless the
    /// parameters are usable; returns this record for chaining.</summary>
    public ConsensusParameters Validate()
    {
        var problems = Problems();
        if (problems.Count > 0)
            throw new ArgumentException("Invalid consensus parameters: " + string.Join(" ", problems), nameof(ConsensusParameters));
        return this;
    }
}
