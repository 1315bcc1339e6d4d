using Workers.Runtime.Isolates;

namespace Workers.Runtime.Tests.Isolates;

[TestFixture]
public sealed class IsolateLimitsTests
{
    [Test]
    public void ResponseTimeout_Default_Is100Seconds()
    {
        Assert.That(new IsolateLimits().ResponseTimeout, Is.EqualTo(TimeSpan.FromSeconds(100)));
    }

    [Test]
    public void ResponseTimeout_Null_TurnsItOff()
    {
        var limits = new IsolateLimits { ResponseTimeout = null };

        Assert.That(limits.ResponseTimeout, Is.Null);
    }

    [TestCase(0.0)]
    [TestCase(-1.0)]
    [TestCase(50.0 * 24 * 3600)]
    public void ResponseTimeout_NotPositiveOrLongerThanATimer_Throws(double seconds)
    {
        var limits = new IsolateLimits();

        Assert.Throws<ArgumentOutOfRangeException>(() => limits.ResponseTimeout = TimeSpan.FromSeconds(seconds));
        Assert.That(limits.ResponseTimeout, Is.EqualTo(TimeSpan.FromSeconds(100)));
    }

    [Test]
    public void ResponseTimeout_InfiniteTimeSpan_IsRefusedSinceNullMeansOff()
    {
        var limits = new IsolateLimits();

        Assert.Throws<ArgumentOutOfRangeException>(() => limits.ResponseTimeout = Timeout.InfiniteTimeSpan);
    }

    [Test]
    public void WaitUntilTimeout_LongerThanATimer_Throws()
    {
        var limits = new IsolateLimits();

        Assert.Throws<ArgumentOutOfRangeException>(() => limits.WaitUntilTimeout = TimeSpan.FromDays(50));
    }

    [Test]
    public void SameAs_DifferentResponseTimeout_IsFalse()
    {
        var limits = new IsolateLimits();
        var other = limits.Clone();
        other.ResponseTimeout = TimeSpan.FromSeconds(5);

        Assert.That(limits.SameAs(limits.Clone()), Is.True);
        Assert.That(limits.SameAs(other), Is.False, "a worker whose response timeout changed gets new isolates on reload");
    }
}
