namespace Workers.Runtime.Isolates;

/// <summary>Why an isolate left its pool.</summary>
public enum EvictionReason
{
    /// <summary>It stayed idle longer than the idle timeout.</summary>
    IdleTimeout,

    /// <summary>The process reached its cap on live isolates and this was the least recently used idle one.</summary>
    IsolateCap,

    /// <summary>The process went over its managed-memory cap and this was the least recently used idle one.</summary>
    Memory,

    /// <summary>It breached a limit (or failed inside the runtime) and was dropped once its events ended.</summary>
    Retired,

    /// <summary>Its worker was reloaded or removed.</summary>
    Reload,
}
