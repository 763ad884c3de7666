using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Storage.BlockLog;

namespace HealthLedger.Engine.Tests.Storage;

public sealed class SigningWatermarkTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"hl-watermark-{Environment.ProcessId}-{Guid.NewGuid():N}");

    public SigningWatermarkTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_mark_survives_reopening_and_never_moves_back()
    {
        string path = Path.Combine(_dir, "signed");
        var a = Hash256.Compute("a"u8);
        using (var w = FileSigningWatermark.Open(path))
        {
            Assert.Equal(0u, w.LastSignedSequence);
            w.Advance(7, a);
            w.Advance(5, Hash256.Compute("older"u8));
        }
        using (var w = FileSigningWatermark.Open(path))
        {
            Assert.Equal(7u, w.LastSignedSequence);
            Assert.Equal(a, w.LastSignedLedger);
        }
    }

    [Fact]
    public void A_damaged_mark_is_refused_rather_than_guessed()
    {
        string path = Path.Combine(_dir, "signed");
        using (var w = FileSigningWatermark.Open(path)) w.Advance(3, Hash256.Compute("x"u8));
        var bytes = File.ReadAllBytes(path);
        bytes[2] ^= 1;
        File.WriteAllBytes(path, bytes);
        Assert.Throws<BlockLogCorruptedException>(() => FileSigningWatermark.Open(path));
    }
}
