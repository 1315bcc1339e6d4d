using Jint;
using Jint.Native.Object;
using Jint.Runtime;

namespace Workers.Runtime.WebApi.Fetch;

/// <summary>
/// A <c>Headers</c> instance (https://fetch.spec.whatwg.org/#headers-class): a header list
/// and a guard. The algorithms that validate before changing the list live here so that the
/// constructor, <c>append</c> and <c>set</c> share them.
/// </summary>
internal sealed class JsHeaders : ObjectInstance
{
    /// <summary>Creates an instance; the caller sets <see cref="ObjectInstance.Prototype"/>.</summary>
    public JsHeaders(Engine engine, HeaderList list, HeadersGuard guard) : base(engine)
    {
        List = list;
        Guard = guard;
    }

    /// <summary>https://fetch.spec.whatwg.org/#concept-headers-header-list</summary>
    public HeaderList List { get; }

    /// <summary>https://fetch.spec.whatwg.org/#concept-headers-guard</summary>
    public HeadersGuard Guard { get; set; }

    /// <summary>https://fetch.spec.whatwg.org/#concept-headers-append</summary>
    public void Append(string name, string value, Func<string, JavaScriptException> fail)
    {
        value = HeaderList.NormalizeValue(value);
        Validate(name, value, fail);
        List.Append(name, value);
    }

    /// <summary>https://fetch.spec.whatwg.org/#dom-headers-set</summary>
    public void Set(string name, string value, Func<string, JavaScriptException> fail)
    {
        value = HeaderList.NormalizeValue(value);
        Validate(name, value, fail);
        List.Set(name, value);
    }

    /// <summary>https://fetch.spec.whatwg.org/#dom-headers-delete</summary>
    public void Delete(string name, Func<string, JavaScriptException> fail)
    {
        if (!HeaderList.IsValidName(name))
        {
            throw fail("Invalid name");
        }

        ThrowIfImmutable(fail);
        List.Delete(name);
    }

    /// <summary>https://fetch.spec.whatwg.org/#headers-validate</summary>
    private void Validate(string name, string value, Func<string, JavaScriptException> fail)
    {
        if (!HeaderList.IsValidName(name))
        {
            throw fail("Invalid name");
        }

        if (!HeaderList.IsValidValue(value))
        {
            throw fail("Invalid value");
        }

        ThrowIfImmutable(fail);
    }

    private void ThrowIfImmutable(Func<string, JavaScriptException> fail)
    {
        if (Guard == HeadersGuard.Immutable)
        {
            throw fail("Can't modify immutable headers.");
        }
    }
}
