namespace HealthLedger.Engine.Net;

/// <summary>What a connection does when its send queue is full (the peer reads slower than the node writes).</summary>
public enum BackpressurePolicy : byte
{
    /// <summary>Drop the frame that does not fit and count it. Right for validators: the protocol re-sends proposals
    /// and validations and a node that missed a ledger fetches it, so a lost frame costs time, not safety.</summary>
    DropNewest,

    /// <summary>Close the connection and count it. Right for clients: a dropped answer would leave a caller waiting
    /// forever, while a closed connection tells it to ask again.</summary>
    Disconnect,
}
