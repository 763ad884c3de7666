namespace HealthLedger.Engine.Net;

/// <summary>The type byte after every frame's length. Values are part of the wire format.</summary>
public enum FrameType : byte
{
    /// <summary>The opening frame of each side: network, role, key and a fresh challenge (<see cref="HelloFrame"/>).</summary>
    Hello = 1,

    /// <summary>A signature over the other side's challenge that proves the sender holds its registered key.</summary>
    Proof = 2,

    /// <summary>A consensus message for the node core (<see cref="Node.Messages.ConsensusMessage"/> encoding).</summary>
    Consensus = 3,

    /// <summary>A client's request (<see cref="ClientRequest"/>).</summary>
    ClientRequest = 4,

    /// <summary>The node's answer to a client request (<see cref="ClientResponse"/>).</summary>
    ClientResponse = 5,
}
