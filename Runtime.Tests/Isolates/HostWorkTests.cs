using System.Diagnostics;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.Tests.Isolates;

/// <summary>The checks host code makes while it works for a script (<c>HostWork</c>).</summary>
[TestFixture]
public sealed class HostWorkTests
{
    [Test]
    public void Reserve_MoreThanTheMemoryLimit_BreachesBeforeAllocating()
    {
        var constraint = new BudgetConstraint();
        var budget = new ExecutionBudget(new IsolateLimits { MemoryBytes = 1024 * 1024 });
        constraint.Begin(budget);
        try
        {
            constraint.Reserve(64 * 1024);
            var breach = Assert.Throws<LimitExceededException>(() => constraint.Reserve(2 * 1024 * 1024));
            Assert.That(breach!.Kind, Is.EqualTo(LimitKind.Memory));
            Assert.That(budget.Breach, Is.SameAs(breach));
        }
        finally
        {
            constraint.End();
        }
    }

    [Test]
    public void Reserve_OutsideATurn_DoesNothing()
    {
        var constraint = new BudgetConstraint();
        Assert.DoesNotThrow(() => constraint.Reserve(long.MaxValue));
    }

    [Test]
    public void CheckHostWork_LoopPastTheCpuLimit_BreachesWithoutCountingSteps()
    {
        var constraint = new BudgetConstraint();
        var budget = new ExecutionBudget(new IsolateLimits { CpuTimeMs = 20 });
        constraint.Begin(budget);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var breach = Assert.Throws<LimitExceededException>(() =>
            {
                // Host work: no statements run, only the host's own checks.
                while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(30))
                {
                    constraint.CheckHostWork();
                }
            });
            Assert.That(breach!.Kind, Is.EqualTo(LimitKind.CpuTime));
            Assert.That(budget.Steps, Is.Zero, "host checks are not statements");
            Assert.That(Stopwatch.GetElapsedTime(started), Is.LessThan(TimeSpan.FromSeconds(10)));
        }
        finally
        {
            constraint.End();
        }
    }
}
