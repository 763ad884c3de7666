using HealthLedger.Engine.Crypto;

namespace HealthLedger.Engine.Client;

/// <summary>
/// The off-chain channel that carries readers' <see cref="AccessNotice"/>s to a record's owner and keeps them for the
/// accounting of disclosures. Off-chain because reads never touch the ledger: validators cannot check a claim about
/// an off-chain blob, and putting every read on a ledger that every node replicates would tell the whole network who
/// reads whose records. Notices are signed by their readers, so the channel can lose them but not forge them.
/// Delivery is best effort: an implementation that cannot deliver (a mailbox server down) drops or queues the notice
/// and does not throw, so a read's outcome never depends on the channel.
/// </summary>
public interface IDisclosureChannel
{
    /// <summary>Delivers <paramref name="notice"/> to the record's owner and the log.</summary>
    ValueTask PublishAsync(AccessNotice notice, CancellationToken cancellationToken = default);

    /// <summary>Every notice about record version <paramref name="recordId"/>, in the order received.</summary>
    ValueTask<IReadOnlyList<AccessNotice>> ListByRecordAsync(Hash256 recordId, CancellationToken cancellationToken = default);

    /// <summary>Every notice about records <paramref name="owner"/> owns, in the order received: the owner's inbox.</summary>
    ValueTask<IReadOnlyList<AccessNotice>> ListByOwnerAsync(Hash256 owner, CancellationToken cancellationToken = default);
}

/// <summary>An in-memory <see cref="IDisclosureChannel"/> shared by the clients of one process (tests, the demo).
/// Raises <see cref="Published"/> so an owner's front end can show an alert as it arrives. Safe for concurrent use.</summary>
public sealed class InMemoryDisclosureChannel : IDisclosureChannel
{
    private readonly Lock _lock = new();
    private readonly List<AccessNotice> _notices = [];

    /// <summary>Raised after a notice is stored, on the publisher's thread.</summary>
    public event Action<AccessNotice>? Published;

    /// <summary>Notices held.</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _notices.Count;
        }
    }

    /// <inheritdoc />
    public ValueTask PublishAsync(AccessNotice notice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notice);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock) _notices.Add(notice);
        Published?.Invoke(notice);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<AccessNotice>> ListByRecordAsync(Hash256 recordId, CancellationToken cancellationToken = default) =>
        List(n => n.RecordId == recordId);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<AccessNotice>> ListByOwnerAsync(Hash256 owner, CancellationToken cancellationToken = default) =>
        List(n => n.Owner == owner);

    private ValueTask<IReadOnlyList<AccessNotice>> List(Func<AccessNotice, bool> match)
    {
        lock (_lock) return ValueTask.FromResult<IReadOnlyList<AccessNotice>>(_notices.Where(match).ToArray());
    }
}
