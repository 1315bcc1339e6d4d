using Jint;
using Jint.Native;
using Jint.Native.Object;
using Workers.Runtime.Interop;
using Workers.Runtime.WebApi.Fetch;

namespace Workers.Runtime.WebApi.Url;

/// <summary>
/// The members of <c>URL.prototype</c> (https://url.spec.whatwg.org/#url-class): accessors over
/// the URL record, kept in step with the URL's <c>searchParams</c>.
/// </summary>
internal sealed class UrlPrototype
{
    private readonly UrlRealm _realm;
    private readonly Engine _engine;

    private UrlPrototype(UrlRealm realm)
    {
        _realm = realm;
        _engine = realm.Engine;
    }

    /// <summary>Defines the members on <paramref name="prototype"/>.</summary>
    public static void Install(UrlRealm realm, ObjectInstance prototype)
    {
        var members = new UrlPrototype(realm);
        prototype.Accessor("href", thisObject => members.Self(thisObject).Record.Serialize(), members.SetHref);
        prototype.Getter("origin", thisObject => members.Self(thisObject).Record.Origin);
        prototype.Accessor("protocol", thisObject => members.Self(thisObject).Record.Protocol, (thisObject, value) => members.Self(thisObject).Record.SetProtocol(WebIdl.ToUsvString(value)));
        prototype.Accessor("username", thisObject => members.Self(thisObject).Record.Username, (thisObject, value) => members.Self(thisObject).Record.SetUsername(WebIdl.ToUsvString(value)));
        prototype.Accessor("password", thisObject => members.Self(thisObject).Record.Password, (thisObject, value) => members.Self(thisObject).Record.SetPassword(WebIdl.ToUsvString(value)));
        prototype.Accessor("host", thisObject => members.Self(thisObject).Record.HostAndPort, (thisObject, value) => members.Self(thisObject).Record.SetHost(WebIdl.ToUsvString(value)));
        prototype.Accessor("hostname", thisObject => members.Self(thisObject).Record.Hostname, (thisObject, value) => members.Self(thisObject).Record.SetHostname(WebIdl.ToUsvString(value)));
        prototype.Accessor("port", thisObject => members.Self(thisObject).Record.PortString, (thisObject, value) => members.Self(thisObject).Record.SetPort(WebIdl.ToUsvString(value)));
        prototype.Accessor("pathname", thisObject => members.Self(thisObject).Record.Pathname, (thisObject, value) => members.Self(thisObject).Record.SetPathname(WebIdl.ToUsvString(value)));
        prototype.Accessor("search", thisObject => members.Self(thisObject).Record.Search, members.SetSearch);
        prototype.Getter("searchParams", thisObject => members.Self(thisObject).SearchParams);
        prototype.Accessor("hash", thisObject => members.Self(thisObject).Record.Hash, (thisObject, value) => members.Self(thisObject).Record.SetHash(WebIdl.ToUsvString(value)));
        prototype.Method("toJSON", 0, (thisObject, _) => members.Self(thisObject).Record.Serialize());
        prototype.Method("toString", 0, (thisObject, _) => members.Self(thisObject).Record.Serialize());
    }

    /// <summary>
    /// https://url.spec.whatwg.org/#dom-url-href: the whole URL is replaced, and the query object's
    /// list with it; an unparsable value throws and changes nothing.
    /// </summary>
    private void SetHref(JsValue thisObject, JsValue value)
    {
        var self = Self(thisObject);
        var record = UrlParser.Parse(WebIdl.ToUsvString(value)) ?? throw JsErrors.TypeError(_engine, UrlConstructor.InvalidUrl);
        self.Record = record;
        self.SearchParams.List.Reset(record.Query);
    }

    /// <summary>https://url.spec.whatwg.org/#dom-url-search: the query, then the query object's list from it.</summary>
    private void SetSearch(JsValue thisObject, JsValue value)
    {
        var self = Self(thisObject);
        self.Record.SetSearch(WebIdl.ToUsvString(value));
        self.SearchParams.List.Reset(self.Record.Query);
    }

    private JsUrl Self(JsValue thisObject) => Brand.Check<JsUrl>(_engine, thisObject);
}
