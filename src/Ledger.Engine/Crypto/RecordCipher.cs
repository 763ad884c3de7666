using System.Security.Cryptography;

namespace HealthLedger.Engine.Crypto;

/// <summary>
/// Record encryption: AES-256-GCM under a fresh 32-byte key per record version. The stored form is
/// nonce(12) ‖ ciphertext ‖ tag(16); the off-chain store only ever sees this form.
/// </summary>
public static class RecordCipher
{
    /// <summary>Key length in bytes.</summary>
    public const int KeyBytes = 32;

    /// <summary>Nonce length in bytes.</summary>
    public const int NonceBytes = 12;

    /// <summary>Authentication tag length in bytes.</summary>
    public const int TagBytes = 16;

    /// <summary>Bytes the encryption adds to a plaintext.</summary>
    public const int Overhead = NonceBytes + TagBytes;

    /// <summary>A fresh random record key.</summary>
    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(KeyBytes);

    /// <summary>Encrypts with a caller-chosen nonce (simulations derive keys and nonces from their seed). A key must
    /// never encrypt two plaintexts with one nonce; with a fresh key per version that holds by construction.</summary>
    public static byte[] Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> nonce)
    {
        if (key.Length != KeyBytes) ThrowHelper.ArgumentLength(nameof(key), KeyBytes, key.Length);
        if (nonce.Length != NonceBytes) ThrowHelper.ArgumentLength(nameof(nonce), NonceBytes, nonce.Length);
        var output = new byte[Overhead + plaintext.Length];
        nonce.CopyTo(output);
        using var gcm = new AesGcm(key, TagBytes);
        gcm.Encrypt(nonce, plaintext, output.AsSpan(NonceBytes, plaintext.Length), output.AsSpan(NonceBytes + plaintext.Length));
        return output;
    }

    /// <summary>Encrypts with a random nonce.</summary>
    public static byte[] Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext)
    {
        Span<byte> nonce = stackalloc byte[NonceBytes];
        RandomNumberGenerator.Fill(nonce);
        return Encrypt(key, plaintext, nonce);
    }

    /// <summary>Decrypts and authenticates. False when the key is wrong or a single bit of the ciphertext changed.</summary>
    public static bool TryDecrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> ciphertext, out byte[] plaintext)
    {
        plaintext = [];
        if (key.Length != KeyBytes || ciphertext.Length < Overhead) return false;
        var m = new byte[ciphertext.Length - Overhead];
        try
        {
            using var gcm = new AesGcm(key, TagBytes);
            gcm.Decrypt(ciphertext[..NonceBytes], ciphertext.Slice(NonceBytes, m.Length), ciphertext[^TagBytes..], m);
        }
        catch (CryptographicException)
        {
            return false;
        }
        plaintext = m;
        return true;
    }
}
