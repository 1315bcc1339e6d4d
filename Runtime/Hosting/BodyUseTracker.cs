namespace Workers.Runtime.Hosting;

/// <summary>
/// Wraps an incoming request body and remembers whether anything read from it, so that a
/// pass-through to the origin knows whether the body can still be sent.
/// </summary>
internal sealed class BodyUseTracker(Stream inner) : ReadObserverStream(inner)
{
    /// <summary>Whether any read has started.</summary>
    public bool Touched { get; private set; }

    protected override void OnReading() => Touched = true;
}
