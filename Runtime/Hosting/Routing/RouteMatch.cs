namespace Workers.Runtime.Hosting.Routing;

/// <summary>The route a <see cref="RouteTable{T}"/> chose for a request.</summary>
/// <typeparam name="T">What routes point at, for example a worker.</typeparam>
/// <param name="Pattern">The pattern that matched.</param>
/// <param name="Target">What the pattern was declared with. It may be null when <typeparamref name="T"/>
/// allows it: Cloudflare lets a route have no Worker, to exempt requests from less specific routes.</param>
public readonly record struct RouteMatch<T>(RoutePattern Pattern, T Target);
