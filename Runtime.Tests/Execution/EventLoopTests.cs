using Workers.Runtime.Execution;

namespace Workers.Runtime.Tests.Execution;

[TestFixture]
public sealed class EventLoopTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Post_ManyItems_RunInOrder()
    {
        var loop = new EventLoop(new LoopScheduler(1, 4), e => Assert.Fail(e.ToString()));
        var seen = new List<int>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        for (var i = 0; i < 500; i++)
        {
            var n = i;
            loop.Post(() => seen.Add(n));
        }

        loop.Post(done.SetResult);
        await done.Task.WaitAsync(s_timeout);

        Assert.That(seen, Is.EqualTo(Enumerable.Range(0, 500)));
    }

    [Test]
    public async Task Post_FromManyThreads_NeverRunsTwoItemsAtOnce()
    {
        var loop = new EventLoop(new LoopScheduler(2, 8), e => Assert.Fail(e.ToString()));
        var running = 0;
        var overlaps = 0;
        var offLoop = 0;
        var count = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                loop.Post(() =>
                {
                    if (Interlocked.Increment(ref running) != 1)
                    {
                        Interlocked.Increment(ref overlaps);
                    }

                    if (!loop.IsCurrentThread)
                    {
                        Interlocked.Increment(ref offLoop);
                    }

                    if (++count == 4000)
                    {
                        done.SetResult();
                    }

                    Interlocked.Decrement(ref running);
                });
            }
        })));
        await done.Task.WaitAsync(s_timeout);

        Assert.That(overlaps, Is.Zero);
        Assert.That(offLoop, Is.Zero, "every item saw itself on the loop");
        Assert.That(count, Is.EqualTo(4000));
    }

    [Test]
    public async Task Post_ItemThrows_ReportedAndLoopContinues()
    {
        var faults = new List<Exception>();
        var loop = new EventLoop(new LoopScheduler(1, 4), faults.Add);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        loop.Post(() => throw new InvalidOperationException("item failed"));
        loop.Post(done.SetResult);
        await done.Task.WaitAsync(s_timeout);

        Assert.That(faults.Single().Message, Is.EqualTo("item failed"));
    }

    [Test]
    public void IsCurrentThread_OffTheLoop_IsFalse()
    {
        var loop = new EventLoop(new LoopScheduler(1, 1), _ => { });

        Assert.That(loop.IsCurrentThread, Is.False);
    }
}
