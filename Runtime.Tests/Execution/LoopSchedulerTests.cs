using Workers.Runtime.Execution;

namespace Workers.Runtime.Tests.Execution;

[TestFixture]
public sealed class LoopSchedulerTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    [Test]
    [Repeat(20)]
    public async Task Schedule_TwoLoopsAtOnceWhileOneBlocks_OtherStillRuns()
    {
        var scheduler = new LoopScheduler(1, 8);
        await WarmUpAsync(scheduler);
        using var release = new ManualResetEventSlim();
        var blocked = new EventLoop(scheduler, _ => { });
        var free = new EventLoop(scheduler, _ => { });
        var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        try
        {
            // Back to back, while the scheduler's only thread is idle: both must get a thread.
            blocked.Post(() => release.Wait(s_timeout));
            free.Post(ran.SetResult);

            await ran.Task.WaitAsync(s_timeout);
        }
        finally
        {
            release.Set();
        }
    }

    [Test]
    public async Task Schedule_ManyLoopsBlocked_EachGetsAThread()
    {
        var scheduler = new LoopScheduler(1, 64);
        using var release = new ManualResetEventSlim();
        var started = new CountdownEvent(16);
        try
        {
            for (var i = 0; i < 16; i++)
            {
                new EventLoop(scheduler, _ => { }).Post(() =>
                {
                    started.Signal();
                    release.Wait(s_timeout);
                });
            }

            Assert.That(await Task.Run(() => started.Wait(s_timeout)), Is.True);
            Assert.That(scheduler.ThreadCount, Is.GreaterThanOrEqualTo(16));
        }
        finally
        {
            release.Set();
            started.Dispose();
        }
    }

    [Test]
    public void Constructor_InvalidThreadCounts_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LoopScheduler(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LoopScheduler(2, 1));
    }

    /// <summary>Runs one item so that the scheduler has a thread, then lets that thread go idle.</summary>
    private static async Task WarmUpAsync(LoopScheduler scheduler)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        new EventLoop(scheduler, _ => { }).Post(done.SetResult);
        await done.Task.WaitAsync(s_timeout);
        await Task.Delay(20);
    }
}
