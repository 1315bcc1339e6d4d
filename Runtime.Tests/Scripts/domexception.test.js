// DOMException (https://webidl.spec.whatwg.org/#idl-DOMException), as workers throw and catch it.

test("the constructor defaults the message to empty and the name to Error", () => {
  const e = new DOMException();
  assertEquals([e.name, e.message, e.code], ["Error", "", 0]);
  const f = new DOMException(undefined, undefined);
  assertEquals([f.name, f.message, f.code], ["Error", "", 0]);
});

test("message and name are converted to strings", () => {
  const e = new DOMException(null, 42);
  assertEquals([e.name, e.message], ["42", "null"]);
  const g = new DOMException({ toString() { return "from toString"; } }, "AbortError");
  assertEquals(g.message, "from toString");
  assertThrows(() => new DOMException(Symbol("s")), TypeError);
  assertThrows(() => new DOMException("m", Symbol("s")), TypeError);
});

test("code comes from the legacy error names table", () => {
  const codes = {
    IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4, InvalidCharacterError: 5,
    NoModificationAllowedError: 7, NotFoundError: 8, NotSupportedError: 9, InUseAttributeError: 10,
    InvalidStateError: 11, SyntaxError: 12, InvalidModificationError: 13, NamespaceError: 14,
    InvalidAccessError: 15, TypeMismatchError: 17, SecurityError: 18, NetworkError: 19,
    AbortError: 20, URLMismatchError: 21, QuotaExceededError: 22, TimeoutError: 23,
    InvalidNodeTypeError: 24, DataCloneError: 25,
  };
  for (const [name, code] of Object.entries(codes)) {
    assertEquals(new DOMException("", name).code, code, name);
  }
});

test("names outside the table, or in another case, have code 0", () => {
  for (const name of ["EncodingError", "NotAllowedError", "OperationError", "DataError", "abortError", "ABORTERROR", "", "ValidationError", "DOMStringSizeError"]) {
    assertEquals(new DOMException("", name).code, 0, name);
  }
});

test("the legacy constants are on the constructor and the prototype, read-only", () => {
  assertEquals(DOMException.INDEX_SIZE_ERR, 1);
  assertEquals(DOMException.DOMSTRING_SIZE_ERR, 2);
  assertEquals(DOMException.VALIDATION_ERR, 16);
  assertEquals(DOMException.ABORT_ERR, 20);
  assertEquals(DOMException.DATA_CLONE_ERR, 25);
  assertEquals(DOMException.prototype.TIMEOUT_ERR, 23);
  assertEquals(new DOMException().NOT_FOUND_ERR, 8);
  const d = Object.getOwnPropertyDescriptor(DOMException, "SYNTAX_ERR");
  assertEquals([d.value, d.writable, d.enumerable, d.configurable], [12, false, true, false]);
  const p = Object.getOwnPropertyDescriptor(DOMException.prototype, "SYNTAX_ERR");
  assertEquals([p.value, p.writable, p.enumerable, p.configurable], [12, false, true, false]);
  const names = Object.keys(DOMException);
  assertEquals(names.length, 25);
  assertEquals(names[0], "INDEX_SIZE_ERR");
  assertEquals(names[24], "DATA_CLONE_ERR");
});

test("instances are errors", () => {
  const e = new DOMException("stopped", "AbortError");
  assert(e instanceof DOMException);
  assert(e instanceof Error);
  assertEquals(Object.getPrototypeOf(DOMException.prototype) === Error.prototype, true, "prototype chain");
  assertEquals(Object.getPrototypeOf(DOMException) === Function.prototype, true, "constructor chain");
  assertEquals(Error.isError(e), true, "Error.isError");
  assertEquals(typeof e.stack, "string");
  assertEquals(Object.prototype.toString.call(e), "[object DOMException]");
});

test("String() and template literals print name and message", () => {
  assertEquals(String(new DOMException("stopped", "AbortError")), "AbortError: stopped");
  assertEquals(`${new DOMException("only a message")}`, "Error: only a message");
  assertEquals(String(new DOMException("", "TimeoutError")), "TimeoutError");
  assertEquals(String(new DOMException("m", "")), "m");
});

test("name, message and code are brand-checked getters on the prototype", () => {
  const e = new DOMException("m", "NotFoundError");
  assertEquals(Object.getOwnPropertyNames(e), []);
  assertEquals(JSON.stringify(e), "{}");
  for (const key of ["name", "message", "code"]) {
    const d = Object.getOwnPropertyDescriptor(DOMException.prototype, key);
    assertEquals([typeof d.get, d.set === undefined, d.enumerable, d.configurable], ["function", true, true, true], key);
    const err = assertThrows(() => d.get.call({}), TypeError, key);
    assertEquals(err.message, "Illegal invocation");
    assertThrows(() => d.get.call(new Error("x")), TypeError, key);
  }
  assertThrows(() => DOMException.prototype.name, TypeError);
});

test("the attributes cannot be assigned", () => {
  const e = new DOMException("m", "AbortError");
  assertThrows(() => { "use strict"; e.name = "Other"; }, TypeError);
  assertEquals(e.name, "AbortError");
});

test("the constructor needs new and has length 0", () => {
  assertThrows(() => DOMException("m"), TypeError);
  assertEquals(DOMException.length, 0);
  assertEquals(DOMException.name, "DOMException");
});

test("subclasses keep their prototype and the DOMException state", () => {
  class HttpAbort extends DOMException {
    constructor(reason) { super(`aborted: ${reason}`, "AbortError"); this.reason = reason; }
  }
  const e = new HttpAbort("timeout");
  assert(e instanceof HttpAbort);
  assert(e instanceof DOMException);
  assertEquals([e.name, e.message, e.code, e.reason], ["AbortError", "aborted: timeout", 20, "timeout"]);
  assertEquals(String(e), "AbortError: aborted: timeout");
});

test("a thrown DOMException is caught like any error", () => {
  let caught;
  try {
    throw new DOMException("nope", "NotSupportedError");
  } catch (e) {
    caught = e;
  }
  assertEquals([caught.name, caught.code], ["NotSupportedError", 9]);
});

test("replacing the global does not change what the runtime throws", () => {
  const original = DOMException;
  globalThis.DOMException = function Fake() {};
  try {
    const e = assertThrows(() => atob("*"));
    assert(e instanceof original);
    assertEquals(e.name, "InvalidCharacterError");
  } finally {
    globalThis.DOMException = original;
  }
});
