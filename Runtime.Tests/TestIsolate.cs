using System.Text;
using Jint;
using Jint.Native;
using Jint.Runtime;
using Jint.Runtime.Interop;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Workers.Runtime.Execution;
using Workers.Runtime.Interop;
using Workers.Runtime.Isolates;
using Workers.Runtime.WebApi.Handlers;

namespace Workers.Runtime.Tests;

/// <summary>
/// Runs JS in a real isolate for unit tests: <see cref="EvalAsync"/> evaluates code inside a
/// turn owned by a throw-away request (so timers and body reads work) and waits for a returned
/// promise; <see cref="FetchAsync(WorkerRequest)"/> dispatches a fetch event to the script's handler.
/// </summary>
internal sealed class TestIsolate : IAsyncDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private JsValue _promise = JsValue.Undefined;
    private JsValue _promiseResolve = JsValue.Undefined;
    private JsValue _promiseThen = JsValue.Undefined;
    private JsValue _jsonStringify = JsValue.Undefined;

    private TestIsolate(Isolate isolate) => Isolate = isolate;

    public Isolate Isolate { get; }

    public static async Task<TestIsolate> StartAsync(string script = "", IsolateLimits? limits = null, string fileName = "worker.js", ILogger? logger = null, TimeProvider? timeProvider = null, IReadOnlyDictionary<string, string>? vars = null)
    {
        var parsed = WorkerScript.Parse(script, fileName);
        var isolate = new Isolate(new IsolateOptions
        {
            WorkerName = "test",
            Limits = limits ?? new IsolateLimits(),
            Logger = logger ?? NullLogger.Instance,
            TimeProvider = timeProvider ?? TimeProvider.System,
        });
        var test = new TestIsolate(isolate);
        await isolate.StartAsync(i =>
        {
            // Captured before the worker's script runs, so a test may replace these globals.
            var promise = i.Engine.Global.Get("Promise");
            test._promise = promise;
            test._promiseResolve = promise.Get("resolve");
            test._promiseThen = promise.Get("prototype").Get("then");
            test._jsonStringify = i.Engine.Global.Get("JSON").Get("stringify");
            return WorkerGlobalScope.Setup(i, parsed, vars is null ? WorkerBindings.None : WorkerBindings.None with { Vars = vars });
        }).WaitAsync(s_timeout);
        return test;
    }

    /// <summary>Evaluates <paramref name="code"/> in a fresh isolate; see <see cref="EvalAsync"/>.</summary>
    public static async Task<string> EvalInFreshIsolateAsync(string code)
    {
        await using var isolate = await StartAsync();
        return await isolate.EvalAsync(code);
    }

    /// <summary>Evaluates <paramref name="code"/> in a fresh isolate and returns the message of the error it must throw.</summary>
    public static async Task<string> ErrorInFreshIsolateAsync(string code)
    {
        await using var isolate = await StartAsync();
        var e = Assert.ThrowsAsync<TestScriptException>(() => isolate.EvalAsync(code));
        return e!.Message;
    }

    /// <summary>
    /// Evaluates <paramref name="code"/> as a classic script in the global scope and returns the
    /// result: a string as it is, anything else as JSON (<c>undefined</c> as "undefined"). A thrown
    /// or rejected error becomes a <see cref="TestScriptException"/> with message "Name: message";
    /// a limit breach becomes one with the breach message.
    /// </summary>
    public Task<string> EvalAsync(string code)
    {
        var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var context = new RequestContext(Isolate, new WorkerRequest("GET", new Uri("http://localhost/__eval")), CancellationToken.None);
        context.AddWaitUntil();
        context.Respond(new WorkerResponse(200, "OK", [], ReadOnlyMemory<byte>.Empty));
        context.Finished += c => done.TrySetException(new TestScriptException(c.Breach?.Message ?? "The evaluation ended before it produced a value."));
        Isolate.Post(context, () =>
        {
            var engine = Isolate.Engine;
            JsValue result;
            try
            {
                result = engine.Evaluate(code);
            }
            catch (JavaScriptException e)
            {
                done.TrySetException(new TestScriptException(FirstLine(JsErrorText.Describe(e.Error))));
                context.WaitUntilSettled();
                return;
            }

            var promise = engine.Call(_promiseResolve, _promise, [result]);
            var onFulfilled = new ClrFunction(engine, "", (_, args) =>
            {
                done.TrySetResult(Stringify(engine, _jsonStringify, args.At(0)));
                context.WaitUntilSettled();
                return JsValue.Undefined;
            }, 1, default);
            var onRejected = new ClrFunction(engine, "", (_, args) =>
            {
                done.TrySetException(new TestScriptException(FirstLine(JsErrorText.Describe(args.At(0)))));
                context.WaitUntilSettled();
                return JsValue.Undefined;
            }, 1, default);
            engine.Call(_promiseThen, promise, [onFulfilled, onRejected]);
        });
        return done.Task.WaitAsync(s_timeout);
    }

    public Task<WorkerResponse> FetchAsync(WorkerRequest request)
        => Isolate.DispatchFetchAsync(request).WaitAsync(s_timeout);

    public Task<WorkerResponse> FetchAsync(string url = "http://localhost/", string method = "GET", string? body = null, params (string Name, string Value)[] headers)
    {
        var request = new WorkerRequest(method, new Uri(url))
        {
            Body = body is null ? null : new MemoryStream(Encoding.UTF8.GetBytes(body)),
        };
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(new(name, value));
        }

        return FetchAsync(request);
    }

    public ValueTask DisposeAsync()
    {
        Isolate.Retire();
        return ValueTask.CompletedTask;
    }

    private static string Stringify(Engine engine, JsValue stringify, JsValue value)
    {
        if (value.IsString())
        {
            return value.AsString();
        }

        if (value.IsUndefined())
        {
            return "undefined";
        }

        var text = engine.Call(stringify, JsValue.Undefined, [value]);
        return text.IsString() ? text.AsString() : "undefined";
    }

    private static string FirstLine(string text)
    {
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? text : text[..newline];
    }
}

/// <summary>A JS error or limit breach surfaced by <see cref="TestIsolate.EvalAsync"/>.</summary>
internal sealed class TestScriptException : Exception
{
    public TestScriptException(string message) : base(message)
    {
    }

    public TestScriptException()
    {
    }

    public TestScriptException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
