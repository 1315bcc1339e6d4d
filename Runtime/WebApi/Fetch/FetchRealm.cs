using Acornima.Ast;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Workers.Runtime.Interop;
using Workers.Runtime.Isolates;

namespace Workers.Runtime.WebApi.Fetch;

/// <summary>
/// The Fetch classes of one isolate: their constructors, the objects they share (the Headers
/// iterator prototype) and intrinsics captured before any script runs, so that a script that
/// replaces a global cannot change how these classes behave.
/// </summary>
internal sealed class FetchRealm
{
    private JsValue _headersEntries = JsValue.Undefined;

    /// <summary>Parsed once per process: every isolate evaluates it while it starts.</summary>
    private static readonly Prepared<Script> s_intrinsics = Engine.PrepareScript("""
            (function () {
              return {
                then: Promise.prototype.then,
              };
            })()
            """, "fetch-intrinsics");

    /// <summary>Creates the classes; runs on the isolate's loop before the worker's script.</summary>
    public FetchRealm(Isolate isolate)
    {
        Isolate = isolate;
        Engine = isolate.Engine;
        var intrinsics = (ObjectInstance)Engine.Evaluate(s_intrinsics);
        Buffers = BufferSources.For(Engine);
        PromiseThen = intrinsics.Get("then");
        HeadersIteratorPrototype = new HeadersIteratorPrototype(this, JsIntrinsics.IteratorPrototype(Engine));
        Headers = new HeadersConstructor(this);
        Request = new RequestConstructor(this);
        Response = new ResponseConstructor(this);
    }

    /// <summary>The isolate the classes belong to.</summary>
    public Isolate Isolate { get; }

    /// <summary>The isolate's engine.</summary>
    public Engine Engine { get; }

    /// <summary>The <c>Headers</c> constructor.</summary>
    public HeadersConstructor Headers { get; }

    /// <summary>The built-in <c>Headers.prototype.entries</c>, which is also its <c>@@iterator</c>.</summary>
    public JsValue HeadersEntries
    {
        get
        {
            Headers.EnsureMembers();
            return _headersEntries;
        }

        internal set => _headersEntries = value;
    }

    /// <summary>The <c>Request</c> constructor.</summary>
    public RequestConstructor Request { get; }

    /// <summary>The <c>Response</c> constructor.</summary>
    public ResponseConstructor Response { get; }

    /// <summary>The prototype of Headers iterators.</summary>
    public HeadersIteratorPrototype HeadersIteratorPrototype { get; }

    /// <summary>Reads the bytes of ArrayBuffers and views through the original accessors.</summary>
    public BufferSources Buffers { get; }

    /// <summary>The original <c>Promise.prototype.then</c>.</summary>
    public JsValue PromiseThen { get; }

    /// <summary>A new <c>Headers</c> object (not a subclass) over <paramref name="list"/>.</summary>
    public JsHeaders CreateHeaders(HeaderList list, HeadersGuard guard)
        => new(Engine, list, guard) { Prototype = Headers.PrototypeObject };

    /// <summary>Throws a TypeError worded for a constructor (empty <paramref name="operation"/>) or an operation.</summary>
    public Jint.Runtime.JavaScriptException Fail(string operation, string type, string reason)
        => JsErrors.Failed(Engine, operation, type, reason);
}
