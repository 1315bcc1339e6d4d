using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Workers.Runtime.Interop;

namespace Workers.Runtime.WebApi.Url;

/// <summary>The <c>URL</c> constructor and its static methods (https://url.spec.whatwg.org/#url-class).</summary>
internal sealed class UrlConstructor : HostConstructor
{
    /// <summary>The message of every parse failure, as workerd words it.</summary>
    public const string InvalidUrl = "Invalid URL string.";

    private const string Interface = "URL";
    private readonly UrlRealm _realm;

    /// <summary>Creates the constructor, its static methods and <c>URL.prototype</c>'s members.</summary>
    public UrlConstructor(UrlRealm realm) : base(realm.Engine, Interface, 1)
    {
        _realm = realm;
        Members.DefineLazily(prototype => UrlPrototype.Install(realm, prototype));
        this.Method("canParse", 1, CanParse);
        this.Method("parse", 1, Parse);
    }

    /// <summary>https://url.spec.whatwg.org/#dom-url-url</summary>
    public override ObjectInstance Construct(JsValue[] arguments, JsValue newTarget)
    {
        arguments.Require(Engine, 1, "", Interface);
        var record = ParseArguments(arguments) ?? throw JsErrors.TypeError(Engine, InvalidUrl);
        return _realm.CreateUrl(record, PrototypeFor(newTarget));
    }

    /// <summary>https://url.spec.whatwg.org/#dom-url-canparse</summary>
    private JsValue CanParse(JsValue thisObject, JsValue[] arguments)
    {
        arguments.Require(Engine, 1, "canParse", Interface);
        return ParseArguments(arguments) is not null;
    }

    /// <summary>https://url.spec.whatwg.org/#dom-url-parse: the URL, or null where the constructor would throw.</summary>
    private JsValue Parse(JsValue thisObject, JsValue[] arguments)
    {
        arguments.Require(Engine, 1, "parse", Interface);
        return ParseArguments(arguments) is { } record ? _realm.CreateUrl(record) : JsValue.Null;
    }

    /// <summary>https://url.spec.whatwg.org/#api-url-parser: the URL, resolved against the base when one is given; null on failure.</summary>
    private static UrlRecord? ParseArguments(JsValue[] arguments)
    {
        var input = WebIdl.ToUsvString(arguments[0]);
        if (arguments.IsMissing(1))
        {
            return UrlParser.Parse(input);
        }

        var baseUrl = UrlParser.Parse(WebIdl.ToUsvString(arguments[1]));
        return baseUrl is null ? null : UrlParser.Parse(input, baseUrl);
    }
}
