namespace HealthLedger.Engine.Consensus;

/// <summary>
/// One state of the dispute threshold schedule (rippled's avalanche states): from the moment the establish phase has
/// run <see cref="RoundAgePercent"/> percent of the previous round's duration, a disputed transaction stays in a
/// node's position only while strictly more than <see cref="Threshold"/> of the voting power wants it.
/// </summary>
/// <param name="RoundAgePercent">Age of the round, in percent of the previous round's establish duration, at which
/// this step starts.</param>
/// <param name="Threshold">The share of power that must want a disputed transaction to keep it.</param>
public readonly record struct AvalancheStep(int RoundAgePercent, Share Threshold);
