using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Workers.Runtime.Hosting;

/// <summary>
/// Start-up tuning for a process that exists to run workers (the <c>workers</c> command). Not
/// applied by the library on its own, because it changes process-wide state an embedding
/// application may rely on.
/// </summary>
public static class ProcessStartup
{
    /// <summary>
    /// Makes the first use of Jint ~300 ms cheaper. Jint's time-zone provider initializes itself
    /// from <see cref="TimeZoneInfo.GetSystemTimeZones()"/>, which sorts every zone by display
    /// name and so asks ICU for ~1,300 localized names; Jint only needs the ids. This reads the
    /// zones unsorted (<c>GetSystemTimeZones(skipSorting: true)</c>, ~25 ms) and lets the sorted
    /// cache hold that list, so later calls in this process return the zones in file order.
    /// Script-visible behaviour does not change: Jint sorts the ids it exposes itself.
    /// </summary>
    /// <returns>Whether the cache could be primed; false leaves everything as it was.</returns>
    /// <remarks>
    /// The two private fields are found by reflection, so the <see cref="DynamicDependencyAttribute"/>s
    /// tell the trimmer and NativeAOT to keep them (<c>TimeZoneInfo.s_cachedData</c> and the fields
    /// of its nested <c>CachedData</c> class); without them a NativeAOT build finds neither field,
    /// returns false, and the sort comes back.
    /// </remarks>
    [DynamicDependency(DynamicallyAccessedMemberTypes.NonPublicFields, typeof(TimeZoneInfo))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicFields | DynamicallyAccessedMemberTypes.NonPublicFields, "System.TimeZoneInfo.CachedData", "System.Private.CoreLib")]
    public static bool SkipTimeZoneSorting()
    {
        try
        {
            var unsorted = TimeZoneInfo.GetSystemTimeZones(skipSorting: true);
            var cacheField = typeof(TimeZoneInfo).GetField("s_cachedData", BindingFlags.NonPublic | BindingFlags.Static);
            var cache = cacheField?.GetValue(null);
            var sortedField = typeof(TimeZoneInfo).GetNestedType("CachedData", BindingFlags.NonPublic)
                ?.GetField("_readOnlySystemTimeZones", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance);
            if (cache is null || sortedField is null || !sortedField.DeclaringType!.IsInstanceOfType(cache) || !sortedField.FieldType.IsInstanceOfType(unsorted))
            {
                return false;
            }

            lock (cache)
            {
                sortedField.SetValue(cache, sortedField.GetValue(cache) ?? unsorted);
            }

            return true;
        }
        catch (Exception e) when (e is FieldAccessException or TargetException or ArgumentException or MemberAccessException)
        {
            return false;
        }
    }
}
