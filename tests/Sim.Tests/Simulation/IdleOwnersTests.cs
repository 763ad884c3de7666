using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Sim.Workload;
using HealthLedger.Tests;

namespace HealthLedger.Sim.Tests.Simulation;

public class IdleOwnersTests
{
    // 130 owners: three words of bits, the last one partly used.
    private static readonly Population People = new(new WorkloadSpec { Patients = 127, Providers = 3, Insurers = 1 });

    [Fact]
    public void The_pick_is_the_first_idle_owner_at_or_after_the_start_wrapping_around()
    {
        var owners = People.Owners;
        var busyFlags = Gen.ArrayOf(Gen.Frequency((1, Gen.Constant(false)), (3, Gen.Constant(true))), owners.Count);
        var allBusyOrNot = Gen.OneOf(busyFlags, Gen.Constant(Enumerable.Repeat(true, owners.Count).ToArray()));
        Prop.ForAll(Arb.From(Gen.Zip(allBusyOrNot, Gen.Choose(0, owners.Count - 1))), input =>
        {
            var (busy, start) = input;
            var idle = new IdleOwners(People);
            for (int p = 0; p < owners.Count; p++) idle.Set(owners[p], busy[p]);
            Actor? expected = null;
            for (int i = 0; i < owners.Count && expected is null; i++)
                if (!busy[(start + i) % owners.Count]) expected = owners[(start + i) % owners.Count];
            Assert.Same(expected, idle.Pick(start));
        }).Check(PropertyConfig.Default(seed: 7101, maxTest: 300));
    }
}
