namespace Workers.Runtime.WebApi.Fetch;

/// <summary>An object that includes the <c>Body</c> mixin (https://fetch.spec.whatwg.org/#body-mixin): a Request or a Response.</summary>
internal interface IBodyOwner
{
    /// <summary>The body, or null when there is none.</summary>
    FetchBody? Body { get; }
}
