using System.Diagnostics;
using HealthLedger.Bench.Commands;

namespace HealthLedger.EndToEnd.Tests;

/// <summary>The runtime settings the cluster gives its node processes are defaults: the cluster's own environment
/// overrides them.</summary>
public sealed class ClusterProcessTests
{
    [Fact]
    public void A_node_setting_is_the_default_unless_the_cluster_environment_sets_it()
    {
        // A variable of this test's own, so that no other test's processes see it.
        const string variable = "HEALTHLEDGER_TEST_NODE_SETTING";
        Environment.SetEnvironmentVariable(variable, null);
        var unset = new ProcessStartInfo("true");
        ClusterProcess.Default(unset, variable, "default");
        Assert.Equal("default", unset.Environment[variable]);

        Environment.SetEnvironmentVariable(variable, "chosen");
        try
        {
            var set = new ProcessStartInfo("true"); // inherits the cluster's environment
            ClusterProcess.Default(set, variable, "default");
            Assert.Equal("chosen", set.Environment[variable]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }
}
