using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;

namespace HealthLedger.Engine.Consensus;

/// <summary>One member of the validator set: its key, account id and interest group.</summary>
public sealed class Validator
{
    internal Validator(int index, PublicKey key, ValidatorGroup group)
    {
        Index = index;
        Key = key;
        Group = group;
    }

    /// <summary>Position in the set (validators are ordered by <see cref="Id"/>, so every node numbers them alike).</summary>
    public int Index { get; }

    /// <summary>The validator's public key; proposals and validations are signed with its secret half.</summary>
    public PublicKey Key { get; }

    /// <summary>The validator's account id (<see cref="PublicKey.Id"/>).</summary>
    public Hash256 Id => Key.Id;

    /// <summary>The interest group whose power this validator shares.</summary>
    public ValidatorGroup Group { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Id.ToShortString()}({Group})";
}
