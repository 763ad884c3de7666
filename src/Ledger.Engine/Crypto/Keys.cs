namespace HealthLedger.Engine.Crypto;

/// <summary>A public signature key: its scheme and its bytes. Immutable; equality is by value.</summary>
public sealed class PublicKey : IEquatable<PublicKey>
{
    private readonly byte[] _bytes;

    /// <summary>Wraps key bytes; the array is copied.</summary>
    public PublicKey(SignatureScheme scheme, ReadOnlySpan<byte> bytes)
    {
        Scheme = scheme;
        _bytes = bytes.ToArray();
    }

    private Hash256? _id;

    /// <summary>Slots of <see cref="Decoded"/>'s cache; a power of two.</summary>
    private const int DecodedSlots = 1 << 14;

    /// <summary>Recently decoded keys, one per slot chosen by the key's first bytes.</summary>
    private static readonly PublicKey?[] s_decoded = new PublicKey?[DecodedSlots];

    /// <summary>
    /// The key with these bytes, for a decoder: the object decoded last time these bytes were seen in the same slot of
    /// a small cache, else a new one. A ledger names a few thousand keys in millions of transactions, and each decoded
    /// transaction carried a copy of its signer's key; now they share one. Keys are immutable and compared by value, so
    /// which object a caller gets changes nothing but memory. Thread-safe (a lost race only makes a second object);
    /// bytes that fill the cache with other keys cost only the misses.
    /// </summary>
    internal static PublicKey Decoded(SignatureScheme scheme, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < sizeof(uint)) return new PublicKey(scheme, bytes);
        int slot = (int)((System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes) ^ (uint)scheme) & (DecodedSlots - 1));
        var cached = Volatile.Read(ref s_decoded[slot]);
        if (cached is not null && cached.Scheme == scheme && cached._bytes.AsSpan().SequenceEqual(bytes)) return cached;
        var key = new PublicKey(scheme, bytes);
        Volatile.Write(ref s_decoded[slot], key);
        return key;
    }

    /// <summary>The scheme the key belongs to.</summary>
    public SignatureScheme Scheme { get; }

    /// <summary>The key bytes.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>SHA-256 of the scheme byte followed by the key bytes: the key's fingerprint, and the account id of an
    /// account whose first key this is.</summary>
    public Hash256 Id => _id ??= ComputeId(Scheme, _bytes); // lazy: decoding a transaction does not need it

    /// <summary>Verifies a signature with this key under its scheme; false for an unknown scheme.</summary>
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        SignatureSchemes.TryGet(Scheme)?.Verify(_bytes, message, signature) ?? false;

    internal static Hash256 ComputeId(SignatureScheme scheme, ReadOnlySpan<byte> bytes)
    {
        Span<byte> buffer = stackalloc byte[1 + bytes.Length];
        buffer[0] = (byte)scheme;
        bytes.CopyTo(buffer[1..]);
        return Hash256.Compute(buffer);
    }

    /// <inheritdoc />
    public bool Equals(PublicKey? other) => other is not null && Scheme == other.Scheme && _bytes.AsSpan().SequenceEqual(other._bytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PublicKey);

    /// <inheritdoc />
    public override int GetHashCode() => Id.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => $"{Scheme}:{Convert.ToHexStringLower(_bytes)}";
}

/// <summary>A key pair able to sign. Holds secret material: never encode or log it.</summary>
public sealed class SigningKey
{
    private readonly byte[] _secret;

    internal SigningKey(ISignatureScheme scheme, PublicKey publicKey, byte[] secret)
    {
        SchemeImpl = scheme;
        Public = publicKey;
        _secret = secret;
    }

    /// <summary>The scheme implementation.</summary>
    public ISignatureScheme SchemeImpl { get; }

    /// <summary>The public half.</summary>
    public PublicKey Public { get; }

    /// <summary>The secret bytes, for the engine's own key derivations only.</summary>
    internal ReadOnlySpan<byte> Secret => _secret;

    /// <summary>Signature length in bytes.</summary>
    public int SignatureLength => SchemeImpl.SignatureLength;

    /// <summary>Signs <paramref name="message"/> into <paramref name="signature"/>.</summary>
    public void Sign(ReadOnlySpan<byte> message, Span<byte> signature) => SchemeImpl.Sign(_secret, message, signature);

    /// <summary>Signs <paramref name="message"/> into a new array.</summary>
    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        var signature = new byte[SignatureLength];
        Sign(message, signature);
        return signature;
    }

    /// <summary>Derives a key pair for <paramref name="scheme"/> from a 32-byte seed.</summary>
    public static SigningKey FromSeed(ISignatureScheme scheme, ReadOnlySpan<byte> seed) => scheme.FromSeed(seed);

    /// <summary>Derives a key pair from a label (hashed into a seed): convenient for tests, simulations and the
    /// registrar's predetermined key pairs, never for real secrets.</summary>
    public static SigningKey FromLabel(ISignatureScheme scheme, string label) =>
        scheme.FromSeed(Hash256.Compute(System.Text.Encoding.UTF8.GetBytes(label)).ToArray());
}
