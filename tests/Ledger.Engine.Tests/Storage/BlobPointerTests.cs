using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Storage.Blobs;

namespace HealthLedger.Engine.Tests.Storage;

public class BlobPointerTests
{
    [Fact]
    public void A_pointer_is_the_lower_case_SHA256_of_the_content()
    {
        byte[] content = "ciphertext"u8.ToArray();
        string pointer = BlobPointer.Compute(content);
        Assert.Equal(Hash256.Compute(content).ToString(), pointer);
        Assert.True(BlobPointer.IsWellFormed(pointer));
        Assert.True(BlobPointer.Matches(pointer, content));
        Assert.False(BlobPointer.Matches(pointer, "ciphertexT"u8));
        Assert.True(BlobPointer.TryParse(pointer, out var hash));
        Assert.Equal(Hash256.Compute(content), hash);
    }

    [Fact]
    public void Upper_case_is_not_a_second_spelling()
    {
        string pointer = BlobPointer.Compute([1]);
        Assert.False(BlobPointer.IsWellFormed(pointer.ToUpperInvariant()));
        Assert.False(BlobPointer.Matches(pointer.ToUpperInvariant(), [1]));
    }

    [Fact]
    public void Results_carry_error_and_reason()
    {
        BlobResult<int> failed = BlobFailure.NotFound(BlobPointer.Compute([]));
        Assert.False(failed.IsOk);
        Assert.False(failed.TryGetValue(out _));
        Assert.Equal(BlobError.NotFound, failed.WithoutValue().Error);
        Assert.Throws<InvalidOperationException>(() => failed.ValueOrThrow());
        Assert.True(BlobResult<int>.Ok(3).TryGetValue(out int three) && three == 3);
        Assert.Equal("", BlobResult.Ok.Reason);
    }
}
