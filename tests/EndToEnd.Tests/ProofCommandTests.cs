namespace HealthLedger.EndToEnd.Tests;

/// <summary><c>healthledger proof export</c> and <c>proof verify</c>: exit 0 for a valid proof, 1 for an invalid one
/// with the reason, 2 for bad input.</summary>
public sealed class ProofCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hl-e2e-proof-").FullName;
    private string ProofFile => Path.Combine(_dir, "record.hlp");
    private string DocumentFile => Path.Combine(_dir, "record.json");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<string> ExportAsync()
    {
        var (exit, output) = await CommandRunner.RunAsync("proof", "export", "--out", ProofFile, "--document-out", DocumentFile);
        Assert.True(exit == 0, output);
        string line = output.Split('\n').Single(l => l.StartsWith("checkpoint:", StringComparison.Ordinal));
        return line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
    }

    [Fact]
    public async Task An_exported_proof_verifies_against_its_checkpoint_and_document()
    {
        string checkpoint = await ExportAsync();
        var (exit, output) = await CommandRunner.RunAsync("proof", "verify", ProofFile, "--checkpoint", checkpoint, "--document", DocumentFile);
        Assert.True(exit == 0, output);
        Assert.StartsWith("valid:", output, StringComparison.Ordinal);
        Assert.Equal(0, (await CommandRunner.RunAsync("proof", "verify", ProofFile, "--checkpoint", checkpoint.ToUpperInvariant())).ExitCode);
    }

    [Fact]
    public async Task Export_is_deterministic()
    {
        string first = await ExportAsync();
        byte[] bytes = await File.ReadAllBytesAsync(ProofFile);
        Assert.Equal(first, await ExportAsync());
        Assert.Equal(bytes, await File.ReadAllBytesAsync(ProofFile));
    }

    [Fact]
    public async Task A_wrong_checkpoint_a_doctored_document_or_a_tampered_proof_is_invalid_with_a_reason()
    {
        string checkpoint = await ExportAsync();
        string other = new string('0', 64);
        var (exit, output) = await CommandRunner.RunAsync("proof", "verify", ProofFile, "--checkpoint", other);
        Assert.Equal(1, exit);
        Assert.Contains("WrongCheckpoint", output, StringComparison.Ordinal);

        await File.AppendAllTextAsync(DocumentFile, " ");
        (exit, output) = await CommandRunner.RunAsync("proof", "verify", ProofFile, "--checkpoint", checkpoint, "--document", DocumentFile);
        Assert.Equal(1, exit);
        Assert.Contains("DocumentMismatch", output, StringComparison.Ordinal);

        byte[] bytes = await File.ReadAllBytesAsync(ProofFile);
        bytes[^40] ^= 0x01; // inside the last header: the chain no longer reaches the checkpoint
        await File.WriteAllBytesAsync(ProofFile, bytes);
        (exit, output) = await CommandRunner.RunAsync("proof", "verify", ProofFile, "--checkpoint", checkpoint);
        Assert.True(exit is 1 or 2, output);
        Assert.False(output.StartsWith("valid:", StringComparison.Ordinal), output);
    }

    [Theory]
    [InlineData("not-a-hash")]
    [InlineData(null)]
    public async Task A_bad_checkpoint_is_bad_input(string? checkpoint)
    {
        await ExportAsync();
        string[] args = checkpoint is null ? ["proof", "verify", ProofFile] : ["proof", "verify", ProofFile, "--checkpoint", checkpoint];
        var (exit, output) = await CommandRunner.RunAsync(args);
        Assert.Equal(2, exit);
        Assert.StartsWith("bad input:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_or_malformed_proof_file_is_bad_input()
    {
        string checkpoint = new('a', 64);
        Assert.Equal(2, (await CommandRunner.RunAsync("proof", "verify", Path.Combine(_dir, "absent.hlp"), "--checkpoint", checkpoint)).ExitCode);
        await File.WriteAllTextAsync(ProofFile, "{\"not\":\"a proof\"}");
        var (exit, output) = await CommandRunner.RunAsync("proof", "verify", ProofFile, "--checkpoint", checkpoint);
        Assert.Equal(2, exit);
        Assert.Contains("Not an existence proof", output, StringComparison.Ordinal);
    }
}
