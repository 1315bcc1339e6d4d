namespace Workers.Runtime.Isolates;

/// <summary>How a worker script declares its handlers.</summary>
public enum WorkerSyntax
{
    /// <summary>An ES module with <c>export default { fetch(request, env, ctx) }</c>.</summary>
    Module,

    /// <summary>A classic script with <c>addEventListener('fetch', event =&gt; ...)</c>.</summary>
    ServiceWorker,
}
