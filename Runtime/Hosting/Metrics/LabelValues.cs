using System.Globalization;
using System.Text;
using Workers.Runtime.Execution;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.Hosting.Metrics;

/// <summary>
/// The stable snake_case names of <see cref="WorkerErrorKind"/> and <see cref="LimitKind"/> used
/// as metric label values and log fields (<c>uncaught_exception</c>, <c>cpu_time</c>), computed
/// once so recording a request allocates no strings.
/// </summary>
internal static class LabelValues
{
    private static readonly string[] s_errorKinds = Names<WorkerErrorKind>();
    private static readonly string[] s_limitKinds = Names<LimitKind>();
    private static readonly string[] s_evictionReasons = Names<EvictionReason>();
    private static readonly string[] s_statuses = StatusTexts();

    /// <summary>The snake_case name of an error kind, e.g. <c>limit_exceeded</c>.</summary>
    public static string Of(WorkerErrorKind kind)
        => (uint)kind < (uint)s_errorKinds.Length ? s_errorKinds[(int)kind] : ToSnakeCase(kind.ToString());

    /// <summary>The snake_case name of a limit, e.g. <c>cpu_steps</c>.</summary>
    public static string Of(LimitKind limit)
        => (uint)limit < (uint)s_limitKinds.Length ? s_limitKinds[(int)limit] : ToSnakeCase(limit.ToString());

    /// <summary>The snake_case name of an eviction reason, e.g. <c>idle_timeout</c>.</summary>
    public static string Of(EvictionReason reason)
        => (uint)reason < (uint)s_evictionReasons.Length ? s_evictionReasons[(int)reason] : ToSnakeCase(reason.ToString());

    /// <summary>A status code as text, cached for 100–599.</summary>
    public static string Status(int status)
        => status is >= 100 and <= 599 ? s_statuses[status - 100] : status.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Converts a PascalCase identifier to snake_case: an underscore before every upper-case
    /// letter but the first, then lower case (<c>NotAResponse</c> gives <c>not_a_response</c>).
    /// </summary>
    public static string ToSnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    text.Append('_');
                }

                text.Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    private static string[] Names<TEnum>()
        where TEnum : struct, Enum
    {
        var values = Enum.GetValues<TEnum>();
        var names = new string[values.Length];
        foreach (var value in values)
        {
            var index = Convert.ToInt32(value, CultureInfo.InvariantCulture);
            if ((uint)index < (uint)names.Length)
            {
                names[index] = ToSnakeCase(value.ToString());
            }
        }

        return names;
    }

    private static string[] StatusTexts()
    {
        var texts = new string[500];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = (i + 100).ToString(CultureInfo.InvariantCulture);
        }

        return texts;
    }
}
