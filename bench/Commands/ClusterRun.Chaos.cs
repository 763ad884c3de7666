using System.Diagnostics;
using HealthLedger.Sim.Core;
using HealthLedger.Sim.Scenarios;

namespace HealthLedger.Bench.Commands;

// SIGKILL chaos: a random minority killed at intervals, restarted from its data directory, and timed until it has
// caught up with the ledger the others had validated when it came back.
internal sealed partial class ClusterRun
{
    private async Task ChaosAsync(ClusterLoad load, SimRandom rng, CancellationToken token)
    {
        int n = _processes.Length;
        try
        {
            foreach (var (node, atSec, downSec) in options.ScheduledKills.OrderBy(k => k.AtSec))
            {
                var wait = TimeSpan.FromSeconds(atSec) - _clock.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait, token);
                await KillAndRestartAsync(load, [node], downSec);
            }
            if (!options.ChaosKill) return;
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(options.ChaosIntervalSec), token);
                int count = 1 + rng.Next(Math.Max(1, (n - 1) / 3)); // a minority: at most a third
                var victims = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).Take(count).ToArray();
                await KillAndRestartAsync(load, victims, options.ChaosDownSec);
            }
        }
        catch (OperationCanceledException)
        {
            // The workload ended.
        }
    }

    private async Task KillAndRestartAsync(ClusterLoad load, int[] victims, double downSec)
    {
        double killedAt = _clock.Elapsed.TotalSeconds;
        foreach (int v in victims)
        {
            _processes[v].Kill();
            log.WriteLine($"chaos: SIGKILL node {v} at {killedAt:0.0} s");
        }
        await Task.Delay(TimeSpan.FromSeconds(downSec));
        uint target = 0;
        for (int i = 0; i < _processes.Length; i++)
        {
            if (victims.Contains(i) || await load.ClientAsync(i, CancellationToken.None) is not { } c) continue;
            try
            {
                target = Math.Max(target, (await c.GetStatusAsync()).ValidatedSequence);
            }
            catch (Engine.Client.LedgerUnavailableException)
            {
                // That node is unreachable too; the others set the target.
            }
        }
        double restartedAt = _clock.Elapsed.TotalSeconds;
        foreach (int v in victims)
        {
            _processes[v].Start();
            lock (_lock) _crashes.Add(new CrashSpec(v, Math.Round(killedAt * 1000), Math.Round(restartedAt * 1000)));
        }
        foreach (int v in victims)
        {
            var timer = Stopwatch.StartNew();
            double recoveryMs = -1;
            while (timer.Elapsed < TimeSpan.FromSeconds(60))
            {
                if (await load.ClientAsync(v, CancellationToken.None) is { } c)
                {
                    try
                    {
                        if ((await c.GetStatusAsync()).ValidatedSequence >= target)
                        {
                            recoveryMs = (_clock.Elapsed.TotalSeconds - restartedAt) * 1000;
                            break;
                        }
                    }
                    catch (Engine.Client.LedgerUnavailableException)
                    {
                        // Still starting.
                    }
                }
                await Task.Delay(50);
            }
            lock (_lock) _recoveries.Add(new RecoveryRecord(v, Math.Round(killedAt, 3), Math.Round(restartedAt, 3), target, Math.Round(recoveryMs, 1)));
            log.WriteLine(recoveryMs >= 0
                ? $"chaos: node {v} restarted and reached ledger {target} in {recoveryMs:0} ms"
                : $"chaos: node {v} did not reach ledger {target} within 60 s of its restart");
        }
    }
}
