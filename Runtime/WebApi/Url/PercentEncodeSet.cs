namespace Workers.Runtime.WebApi.Url;

/// <summary>
/// The percent-encode sets of the URL Standard (https://url.spec.whatwg.org/#percent-encoded-bytes).
/// Every set holds the C0 controls and all code points above U+007E; each member below names the
/// set it extends and the ASCII code points it adds.
/// </summary>
internal enum PercentEncodeSet
{
    /// <summary>https://url.spec.whatwg.org/#c0-control-percent-encode-set: C0 controls and every code point above U+007E.</summary>
    C0Control,

    /// <summary>https://url.spec.whatwg.org/#fragment-percent-encode-set: C0 control set plus space, <c>"</c>, <c>&lt;</c>, <c>&gt;</c> and <c>`</c>.</summary>
    Fragment,

    /// <summary>https://url.spec.whatwg.org/#query-percent-encode-set: C0 control set plus space, <c>"</c>, <c>#</c>, <c>&lt;</c> and <c>&gt;</c>.</summary>
    Query,

    /// <summary>https://url.spec.whatwg.org/#special-query-percent-encode-set: the query set plus <c>'</c>.</summary>
    SpecialQuery,

    /// <summary>https://url.spec.whatwg.org/#path-percent-encode-set: the query set plus <c>?</c>, <c>^</c>, <c>`</c>, <c>{</c> and <c>}</c>.</summary>
    Path,

    /// <summary>https://url.spec.whatwg.org/#userinfo-percent-encode-set: the path set plus <c>/ : ; = @ [ \ ] |</c>.</summary>
    Userinfo,

    /// <summary>https://url.spec.whatwg.org/#component-percent-encode-set: the userinfo set plus <c>$ % &amp; + ,</c>.</summary>
    Component,

    /// <summary>https://url.spec.whatwg.org/#application-x-www-form-urlencoded-percent-encode-set: the component set plus <c>! ' ( ) ~</c>.</summary>
    FormUrlencoded,
}
