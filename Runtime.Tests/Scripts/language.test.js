// The JavaScript language inside an isolate, as production Workers scripts rely on it.

test("dates run in UTC, as in Workers", () => {
  const d = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
  assertEquals(d.getTimezoneOffset(), 0);
  assertEquals(d.getHours(), 3);
  assertEquals(d.toISOString(), "2024-01-02T03:04:05.000Z");
});

test("the default locale formats as English", () => {
  assertEquals((1234567.891).toLocaleString(), "1,234,567.891");
  assertEquals(new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(3.5), "$3.50");
});

test("async functions and generators work", async () => {
  async function* numbers() { yield 1; await null; yield 2; }
  const seen = [];
  for await (const n of numbers()) seen.push(n);
  assertEquals(seen, [1, 2]);
});

test("classes with private fields and static blocks work", () => {
  class Counter {
    #count = 0;
    static made = 0;
    static { Counter.made = 1; }
    increment() { return ++this.#count; }
  }
  const c = new Counter();
  c.increment();
  assertEquals(c.increment(), 2);
  assertEquals(Counter.made, 1);
});

test("eval and new Function are disabled, as in Workers", () => {
  assertThrows(() => eval("1 + 1"));
  assertThrows(() => new Function("return 1"));
  assertThrows(() => (function () {}).constructor("return 1"));
});

test("typed arrays, Map, Set, WeakRef, Proxy and Symbol exist", () => {
  const bytes = new Uint8Array([1, 2, 3]);
  assertEquals(Array.from(bytes.subarray(1)), [2, 3]);
  assertEquals(new Map([[1, "a"]]).get(1), "a");
  assertEquals(new Set([1, 1, 2]).size, 2);
  assert(typeof WeakRef === "function");
  const p = new Proxy({}, { get: (_t, k) => `got ${String(k)}` });
  assertEquals(p.x, "got x");
  assertEquals(typeof Symbol.iterator, "symbol");
});

test("JSON round-trips and reports syntax errors as SyntaxError", () => {
  assertEquals(JSON.parse(JSON.stringify({ a: [1, "b", null] })), { a: [1, "b", null] });
  assertThrows(() => JSON.parse("{nope"), SyntaxError);
});

test("deep but finite recursion works", () => {
  const depth = (n) => (n === 0 ? 0 : 1 + depth(n - 1));
  assertEquals(depth(2000), 2000);
});

test("the global object is reachable as globalThis and self", () => {
  assert(globalThis === self, "self is the global object");
  assertEquals(typeof globalThis.console.log, "function");
});
