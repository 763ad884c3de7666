using HealthLedger.Sim.Core;
using HealthLedger.Sim.Network;
using HealthLedger.Sim.Scenarios;
using HealthLedger.Sim.Workload;

namespace HealthLedger.Sim.Tests.Simulation;

/// <summary>Small, fast scenarios for tests.</summary>
public static class SmallScenarios
{
    public static Scenario Lan(int generators = 2, int receivers = 1, int monitors = 1, double durationSec = 8, double ratePerSec = 15) => new()
    {
        Name = "test-lan",
        Seed = 7,
        DurationSec = durationSec,
        DrainSec = 8,
        Validators = new ValidatorsSpec { Generators = generators, Receivers = receivers, Monitors = monitors },
        Network = new NetworkSpec { Latency = new LatencySpec { Distribution = "uniform", MinMs = 2, MaxMs = 20 } },
        Cpu = new CpuSpec(),
        Workload = new WorkloadSpec
        {
            Arrivals = [new ArrivalSpec { Kind = "poisson", RatePerSec = ratePerSec }],
            Patients = 40,
            Providers = 6,
            Insurers = 2,
        },
    };
}
