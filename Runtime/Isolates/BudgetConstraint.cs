using System.Diagnostics;
using System.Runtime;
using Jint;
using Workers.Runtime.Interop;

namespace Workers.Runtime.Isolates;

/// <summary>
/// Enforces the per-request limits across turns. Jint resets constraints at every top-level
/// entry into the engine, but a request enters many times (the handler, then each promise pump
/// and timer); this constraint ignores Jint's resets and is armed by the isolate for each turn
/// with the budget of the request that owns the turn, like workerd's <c>enterJs</c>.
/// </summary>
/// <remarks>
/// Jint calls <see cref="Check"/> before every statement. Steps are counted on every call (so
/// the count is exact and deterministic), allocation is read on every call (one statement can
/// allocate without bound), and the clock every 32 calls and once more when the turn ends
/// (<see cref="CheckAtTurnEnd"/>), so host work that ends a turn is not missed.
/// <para>
/// Memory: what counts is what a turn keeps, not what it allocates and drops (an interpreter
/// allocates ~100 bytes of garbage per statement, so a plain loop allocates 128 MiB in about a
/// million statements). Each time the turn has allocated another limit's worth, the managed
/// heap is compared with its size when the turn began; if it has grown by more than the limit,
/// a full collection decides. So a turn is stopped once it holds more than the limit, and the
/// cost of a check (a collection at worst) comes once per limit's worth of allocation. The heap
/// is the process's: allocations kept by other isolates' turns running at the same moment count
/// too, which can only stop a turn early, never let one keep more.
/// </para>
/// <para>
/// CPU time: a turn is charged its elapsed time until it has run for a quarter millisecond;
/// from then on, its thread's own CPU clock (<see cref="ThreadCpuClock"/>, read every quarter
/// millisecond and at the end of the turn), so a long turn on a busy machine is not charged for
/// the time it waited for a core. Short turns, nearly all of them, never pay for reading that
/// clock. Where the clock is missing, elapsed time throughout. Time the thread spent compiling
/// code during the turn (<see cref="JitInfo.GetCompilationTime"/>) is taken off: the runtime's
/// warm-up is not the script's work, and without this the first requests of a process (and the
/// first tests of a run) were charged tens of milliseconds for compiling the interpreter.
/// </para>
/// <para>
/// Every quarter millisecond a long turn also yields its core to any thread waiting for one
/// (<see cref="Thread.Yield"/>, a no-op when none waits): a worker spinning through its CPU limit
/// would otherwise hold a core for whole scheduler slices while the threads serving other
/// workers' requests wait behind it (on 2 cores it tripled their p99 latency). The wait is not
/// charged to the turn.
/// </para>
/// </remarks>
internal sealed class BudgetConstraint : HostWorkConstraint
{
    private static readonly long YieldIntervalTicks = Stopwatch.Frequency / 4000;
    private static readonly double TicksPerNanosecond = Stopwatch.Frequency / 1e9;
    private static readonly double TicksPerTimeSpanTick = Stopwatch.Frequency / (double)TimeSpan.TicksPerSecond;

    private ExecutionBudget? _budget;
    private long _turnStartTicks;
    private long _turnStartJit;
    private long _turnStartAllocated;
    private long _turnStartHeap;
    private long _allocationCheckpoint;
    private long _cpuLimitTicks;
    private long _stepLimit;
    private long _memoryLimit;
    private int _sinceClockCheck;
    private long _lastYieldTicks;

    // Once a turn runs long: the thread's CPU clock when the turn switched to it, what the turn
    // had been charged by then, and the charge as of the last read of that clock.
    private bool _onCpuClock;
    private long _cpuClockAtSwitch;
    private long _chargedAtSwitch;
    private long _chargedAtLastRead;

    /// <summary>Arms the constraint for one turn charged to <paramref name="budget"/>.</summary>
    public void Begin(ExecutionBudget budget)
    {
        _budget = budget;
        _cpuLimitTicks = (long)(budget.Limits.CpuTimeMs * (Stopwatch.Frequency / 1000.0));
        _stepLimit = budget.Limits.CpuSteps ?? long.MaxValue;
        _memoryLimit = budget.Limits.MemoryBytes;
        _sinceClockCheck = 0;
        _turnStartAllocated = GC.GetAllocatedBytesForCurrentThread();
        _allocationCheckpoint = _turnStartAllocated;
        _turnStartHeap = GC.GetTotalMemory(forceFullCollection: false);
        _turnStartJit = JitInfo.GetCompilationTime(currentThread: true).Ticks;
        _turnStartTicks = Stopwatch.GetTimestamp();
        _lastYieldTicks = _turnStartTicks;
        _onCpuClock = false;
    }

    /// <summary>Charges the turn's time and allocation to its budget and disarms the constraint.</summary>
    public void End()
    {
        if (_budget is null)
        {
            return;
        }

        var turn = _onCpuClock ? ChargeOnCpuClock() : Stopwatch.GetTimestamp() - _turnStartTicks;
        _budget.CpuTicks += Math.Max(0, turn - JitTicksThisTurn());
        _budget.AllocatedBytes += GC.GetAllocatedBytesForCurrentThread() - _turnStartAllocated;
        _budget = null;
    }

    /// <summary>
    /// Charges the turn so far and disarms the constraint, for work that is the runtime's own
    /// rather than the script's (installing the globals of a new isolate): nothing is checked or
    /// charged until <see cref="Begin"/> arms it again. Returns the budget it was armed with, or null.
    /// </summary>
    public ExecutionBudget? Suspend()
    {
        var budget = _budget;
        End();
        return budget;
    }

    /// <inheritdoc />
    public override void Check()
    {
        var budget = _budget;
        if (budget is null)
        {
            return;
        }

        if (++budget.Steps > _stepLimit)
        {
            throw Breach(budget, LimitKind.CpuSteps, $"Worker exceeded its CPU steps limit ({_stepLimit:N0} statements).");
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        if (allocated - _allocationCheckpoint > _memoryLimit)
        {
            _allocationCheckpoint = allocated;
            if (HeapGrewPastLimit())
            {
                throw Breach(budget, LimitKind.Memory, MemoryMessage(_memoryLimit));
            }
        }

        if (++_sinceClockCheck >= 32)
        {
            _sinceClockCheck = 0;
            CheckTime(budget);
        }
    }

    /// <summary>
    /// Checks the turn's CPU time and memory from host code that runs on behalf of the script (a
    /// C# loop over script data, a large decode), as <see cref="Check"/> does between statements,
    /// but without counting a step: steps count the script's statements, and stay the same
    /// whatever the host does inside one. Outside a turn it does nothing.
    /// </summary>
    public override void CheckHostWork()
    {
        var budget = _budget;
        if (budget is null)
        {
            return;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        if (allocated - _allocationCheckpoint > _memoryLimit)
        {
            _allocationCheckpoint = allocated;
            if (HeapGrewPastLimit())
            {
                throw Breach(budget, LimitKind.Memory, MemoryMessage(_memoryLimit));
            }
        }

        if (++_sinceClockCheck >= 32)
        {
            _sinceClockCheck = 0;
            CheckTime(budget);
        }
    }

    /// <summary>
    /// Refuses, before it is made, an allocation of <paramref name="bytes"/> that would take the
    /// turn past its memory limit: larger than the limit itself, or more than what the limit has
    /// left once the heap the turn has kept so far (after a collection, so garbage does not count)
    /// is added. The breach ends the request like any other memory breach. Outside a turn it does
    /// nothing.
    /// </summary>
    public override void Reserve(long bytes)
    {
        var budget = _budget;
        if (budget is null || bytes <= 0)
        {
            return;
        }

        if (bytes > _memoryLimit)
        {
            throw Breach(budget, LimitKind.Memory, MemoryMessage(_memoryLimit));
        }

        if (GC.GetTotalMemory(forceFullCollection: false) - _turnStartHeap + bytes <= _memoryLimit)
        {
            return;
        }

        GC.Collect();
        if (GC.GetTotalMemory(forceFullCollection: false) - _turnStartHeap + bytes > _memoryLimit)
        {
            throw Breach(budget, LimitKind.Memory, MemoryMessage(_memoryLimit));
        }
    }

    /// <summary>
    /// Checks the CPU time limit at the end of a turn, before it is charged: host work a script
    /// asked for (hashing a large buffer, decoding a large body) runs between statements, where
    /// no check can interrupt it, and a turn that ends soon after would otherwise never be found
    /// over its limit. Steps are not counted.
    /// </summary>
    public void CheckAtTurnEnd()
    {
        if (_budget is { } budget)
        {
            CheckTime(budget);
        }
    }

    private void CheckTime(ExecutionBudget budget)
    {
        var now = Stopwatch.GetTimestamp();
        if (now - _lastYieldTicks > YieldIntervalTicks)
        {
            ReadCpuClock(now);
            Thread.Yield();
            now = Stopwatch.GetTimestamp();
            _lastYieldTicks = now;
        }

        // On the CPU clock, the wall time since its last read is an upper bound for the CPU
        // used since; a breach by that bound is confirmed with a fresh read.
        var jit = JitTicksThisTurn();
        var turn = (_onCpuClock ? _chargedAtLastRead + (now - _lastYieldTicks) : now - _turnStartTicks) - jit;
        if (budget.CpuTicks + turn > _cpuLimitTicks
            && (!_onCpuClock || budget.CpuTicks + ReadCpuClock(now) - jit > _cpuLimitTicks))
        {
            throw Breach(budget, LimitKind.CpuTime, budget.IsStartup
                ? $"Worker exceeded its start-up CPU time limit ({budget.Limits.CpuTimeMs:N0} ms) while running the script's top level."
                : $"Worker exceeded its CPU time limit ({budget.Limits.CpuTimeMs:N0} ms).");
        }
    }

    /// <summary>The message of a memory breach, here and for Jint's own array-size guard.</summary>
    internal static string MemoryMessage(long limitBytes)
        => $"Worker exceeded its memory limit ({limitBytes / (1024 * 1024)} MiB kept by one turn).";

    private bool HeapGrewPastLimit()
    {
        // Garbage included, the heap has not grown by the limit: nothing to collect for.
        if (GC.GetTotalMemory(forceFullCollection: false) - _turnStartHeap <= _memoryLimit)
        {
            return false;
        }

        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: false) - _turnStartHeap > _memoryLimit;
    }

    /// <summary>
    /// Switches the turn to its thread's CPU clock (the first time) or reads it again; returns
    /// the turn's charge so far. Without the clock, returns the elapsed time.
    /// </summary>
    private long ReadCpuClock(long now)
    {
        if (!ThreadCpuClock.IsSupported)
        {
            return now - _turnStartTicks;
        }

        if (!_onCpuClock)
        {
            _cpuClockAtSwitch = ThreadCpuClock.NowNanoseconds();
            _chargedAtSwitch = now - _turnStartTicks;
            _chargedAtLastRead = _chargedAtSwitch;
            _onCpuClock = true;
            return _chargedAtSwitch;
        }

        _chargedAtLastRead = ChargeOnCpuClock();
        return _chargedAtLastRead;
    }

    /// <summary>
    /// Time this thread has spent compiling code (the JIT) since the turn began: the runtime
    /// warming up, not the script, so it is not charged. Zero in a NativeAOT build, which
    /// compiles nothing at run time.
    /// </summary>
    private long JitTicksThisTurn()
        => (long)((JitInfo.GetCompilationTime(currentThread: true).Ticks - _turnStartJit) * TicksPerTimeSpanTick);

    private long ChargeOnCpuClock()
        => _chargedAtSwitch + (long)((ThreadCpuClock.NowNanoseconds() - _cpuClockAtSwitch) * TicksPerNanosecond);

    /// <inheritdoc />
    public override void Reset()
    {
        // Jint resets constraints at every entry into the engine; the budget spans entries, so
        // the isolate arms and disarms this constraint itself (Begin/End).
    }

    private static LimitExceededException Breach(ExecutionBudget budget, LimitKind kind, string message)
    {
        var breach = new LimitExceededException(kind, message);
        budget.Breach ??= breach;
        return breach;
    }
}
