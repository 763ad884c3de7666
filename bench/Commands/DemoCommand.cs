using System.CommandLine;

namespace HealthLedger.Bench.Commands;

/// <summary><c>healthledger demo [--store directory|sqlite|postgres] [--dir PATH]</c>: walks through the seed's stories
/// on an in-process ledger and a real off-chain store, printing each step and its outcome. Exit 0 only when every
/// story ended as the design promises, 1 otherwise, 2 when the store cannot be opened.</summary>
public static class DemoCommand
{
    /// <summary>The <c>demo</c> command.</summary>
    public static Command Create()
    {
        var store = new Option<string>("--store") { Description = "Off-chain store: directory (default), sqlite or postgres (needs HL_POSTGRES).", DefaultValueFactory = _ => "directory" };
        var dir = new Option<string?>("--dir") { Description = "Directory for the directory or SQLite store (default: a temporary directory, removed afterwards)." };
        var command = new Command("demo", "Walk through the seed's stories (register, grant, read and verify, corruption, forged upload, removal, subscription, existence proof).")
        {
            store,
            dir,
        };
        command.SetAction((parse, _) => RunAsync(parse.GetValue(store)!, parse.GetValue(dir), parse.InvocationConfiguration.Output));
        return command;
    }

    /// <summary>Runs the demo on <paramref name="storeKind"/>, writing to <paramref name="output"/>; returns the exit code.</summary>
    public static async Task<int> RunAsync(string storeKind, string? directory, TextWriter output)
    {
        var (opened, error) = await DemoStore.OpenAsync(storeKind, directory);
        if (opened is null)
        {
            output.WriteLine($"error: {error}");
            return Program.ExitBadInput;
        }
        await using (opened)
        {
            if (Engine.Crypto.SignatureSchemes.FallbackNotice is { } notice) output.WriteLine(notice);
            output.WriteLine($"HealthLedger demo: the seed's stories on one in-process ledger and a {opened.Description}.");
            output.WriteLine("Keys, record keys and ledger time are derived from fixed seeds, so every run prints the same hashes.");
            bool allKept = await new DemoStories(new DemoWorld(opened.Store), output).RunAsync();
            return allKept ? 0 : 1;
        }
    }
}
