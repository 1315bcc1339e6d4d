using Jint;
using Jint.Native;
using Jint.Native.Object;
using Workers.Runtime.Interop;

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
        prototype.Accessor("protocol", thisObject => members.Self(thisObject).Record.Protocol, (thisObject, value) => members.Update(thisObject, value, static (record, text) => record.SetProtocol(text)));
        prototype.Accessor("username", thisObject => members.Self(thisObject).Record.Username, (thisObject, value) => members.Update(thisObject, value, static (record, text) => record.SetUsername(text)));
        prototype.Accessor("password", thisObject => members.Self(thisObject).Record.Password, (thisObject, value) => members.Update(thisObject, value, static (record, text) => record.SetPassword(text)));
        prototype.Accessor("host", thisObject => members.Self(thisObject).Record.HostAndPort, (thisObject, value) => members.Update(thisObject, value, static (record, text) => record.SetHost(text)));
        prototype.Accessor("hostname", thisObject => members.Self(thisObject).Record.Hostname, (thisObject, value) => members.Update(thisObject, value, static (record, text) => record.SetHostname(text)));
        prototype.Accessor("port", thisObject => members.Self(thisObject).Record.PortString, (thisObject, value) => members.Update(thisObject, value, static (record, text) => record.SetPort(text)));
        prototype.Accessor("pathname", thisObject => members.Self(thisObject).Record.Pathname, (thisObject, value) => members.Update(thisObject, value, static (record, text) => record.SetPathname(text)));
        prototype.Accessor("search", thisObject => members.Self(thisObject).Record.Search, members.SetSearch);
        prototype.Getter("searchParams", thisObject => members.Self(thisObject).SearchParams);
        prototype.Accessor("hash", thisObject => members.Self(thisObject).Record.Hash, (thisObject, value) => members.Update(thisObject, value, static (record, text) => record.SetHash(text)));
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
        var text = WebIdl.ToUsvString(value);
        self.Record.SetSearch(text);
        self.SearchParams.List.Reset(self.Record.Query);
    }

    /// <summary>
    /// A setter's steps in Web IDL's order: the brand check, then the value's conversion (which
    /// may run script, even script that replaces this URL's record), then the change to the
    /// record as it is after the conversion.
    /// </summary>
    private void Update(JsValue thisObject, JsValue value, Action<UrlRecord, string> change)
    {
        var self = Self(thisObject);
        var text = WebIdl.ToUsvString(value);
        change(self.Record, text);
    }

    private JsUrl Self(JsValue thisObject) => Brand.Check<JsUrl>(_engine, thisObject);
}
