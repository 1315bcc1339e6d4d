// URL and URLSearchParams (https://url.spec.whatwg.org/#api), as workers use them.

test("a request URL splits into its parts", () => {
  const url = new URL("https://user:pa%20ss@Example.COM:8443/a/./b/../c?x=1&y=two#frag");
  assertEquals(url.href, "https://user:pa%20ss@example.com:8443/a/c?x=1&y=two#frag");
  assertEquals(url.protocol, "https:");
  assertEquals(url.username, "user");
  assertEquals(url.password, "pa%20ss");
  assertEquals(url.host, "example.com:8443");
  assertEquals(url.hostname, "example.com");
  assertEquals(url.port, "8443");
  assertEquals(url.pathname, "/a/c");
  assertEquals(url.search, "?x=1&y=two");
  assertEquals(url.hash, "#frag");
  assertEquals(url.origin, "https://example.com:8443");
  assertEquals(String(url), url.href);
  assertEquals(JSON.stringify({ url }), '{"url":"https://user:pa%20ss@example.com:8443/a/c?x=1&y=two#frag"}');
});

test("relative references resolve against a base", () => {
  assertEquals(new URL("../d?q", "http://h/a/b/c").href, "http://h/a/d?q");
  assertEquals(new URL("//other/x", "https://h/a").href, "https://other/x");
  assertEquals(new URL("?only", "http://h/p?old#f").href, "http://h/p?only");
  assertEquals(new URL("/abs", new URL("http://h/a/b")).href, "http://h/abs");
});

test("default ports are dropped and hosts normalized", () => {
  assertEquals(new URL("http://h:80/").port, "");
  assertEquals(new URL("https://h:443/").host, "h");
  assertEquals(new URL("http://0x7f.1/").hostname, "127.0.0.1");
  assertEquals(new URL("http://[0:0::1]/").hostname, "[::1]");
  assertEquals(new URL("http://bücher.example/").hostname, "xn--bcher-kva.example");
});

test("unparsable URLs throw a TypeError; parse and canParse do not", () => {
  const e = assertThrows(() => new URL("no scheme"), TypeError);
  assertEquals(e.message, "Invalid URL string.");
  assertThrows(() => new URL("/path", "not a base"), TypeError);
  assertThrows(() => new URL("http://exa mple.com/"), TypeError);
  assertThrows(() => new URL("http://h:99999/"), TypeError);
  assertThrows(() => new URL(), TypeError);
  assertEquals(URL.parse("nope"), null);
  assertEquals(URL.parse("/p", "http://h").href, "http://h/p");
  assert(URL.parse("http://h") instanceof URL);
  assertEquals(URL.canParse("http://h"), true);
  assertEquals(URL.canParse("p", "http://h"), true);
  assertEquals(URL.canParse("p"), false);
});

test("setters change one part and keep the rest", () => {
  const url = new URL("http://h/p?q#f");
  url.protocol = "https";
  url.hostname = "example.org";
  url.port = "8080";
  url.pathname = "a b";
  url.hash = "top";
  assertEquals(url.href, "https://example.org:8080/a%20b?q#top");
  url.port = "";
  url.search = "";
  url.hash = "";
  assertEquals(url.href, "https://example.org/a%20b");
  url.protocol = "mailto";
  assertEquals(url.protocol, "https:", "a special scheme cannot become a non-special one");
  url.href = "http://new/";
  assertEquals(url.host, "new");
  assertThrows(() => { url.href = "relative"; }, TypeError);
  assertEquals(url.href, "http://new/");
});

test("searchParams reads and writes the URL's query", () => {
  const url = new URL("https://h/p?a=1&b=x+y&a=3");
  const params = url.searchParams;
  assert(params === url.searchParams, "searchParams is the same object every time");
  assertEquals(params.get("b"), "x y");
  assertEquals(params.getAll("a"), ["1", "3"]);
  params.append("c", "é&=");
  assertEquals(url.search, "?a=1&b=x+y&a=3&c=%C3%A9%26%3D");
  params.delete("a");
  assertEquals(url.href, "https://h/p?b=x+y&c=%C3%A9%26%3D");
  url.search = "?z=9";
  assertEquals([...params], [["z", "9"]]);
  params.delete("z");
  assertEquals(url.href, "https://h/p", "an empty list removes the query");
});

test("URLSearchParams takes a string, pairs, a record or another instance", () => {
  assertEquals(new URLSearchParams("?a=1&a=2&b").toString(), "a=1&a=2&b=");
  assertEquals(new URLSearchParams([["x", "1"], ["y", "2"]]).toString(), "x=1&y=2");
  assertEquals(new URLSearchParams({ a: 1, "b c": "d e" }).toString(), "a=1&b+c=d+e");
  const copy = new URLSearchParams(new URLSearchParams("k=v"));
  assertEquals(copy.get("k"), "v");
  assertEquals(new URLSearchParams(null).toString(), "null=");
  assertThrows(() => new URLSearchParams([["only one"]]), TypeError);
  assertThrows(() => new URLSearchParams([1]), TypeError);
});

test("URLSearchParams decodes percent escapes and plus signs", () => {
  const params = new URLSearchParams("q=%E2%9C%93+ok&bad=%ZZ&raw=%FF");
  assertEquals(params.get("q"), "✓ ok");
  assertEquals(params.get("bad"), "%ZZ");
  assertEquals(params.get("raw"), "\uFFFD");
  assertEquals(params.get("missing"), null);
});

test("URLSearchParams methods follow the spec", () => {
  const params = new URLSearchParams("b=2&a=1&b=3&c=4");
  assertEquals(params.size, 4);
  assert(params.has("b"));
  assert(params.has("b", "3"));
  assert(!params.has("b", "5"));
  params.delete("b", "2");
  assertEquals(params.toString(), "a=1&b=3&c=4");
  params.set("a", "9");
  params.set("d", "new");
  assertEquals(params.toString(), "a=9&b=3&c=4&d=new");
  params.append("a", "0");
  params.sort();
  assertEquals([...params.keys()], ["a", "a", "b", "c", "d"]);
  assertEquals([...params.values()].slice(0, 2), ["9", "0"], "sort is stable");
  const seen = [];
  params.forEach((value, name, self) => { seen.push(name + "=" + value); assert(self === params); });
  assertEquals(seen.join("&"), params.toString());
  assertThrows(() => params.append("only"), TypeError);
});

test("URLSearchParams iterators are live and branded", () => {
  const params = new URLSearchParams("a=1");
  const it = params.entries();
  assertEquals(Object.prototype.toString.call(it), "[object URLSearchParams Iterator]");
  params.append("b", "2");
  assertEquals(it.next().value, ["a", "1"]);
  assertEquals(it.next().value, ["b", "2"]);
  assertEquals(it.next().done, true);
  assertThrows(() => URLSearchParams.prototype.get.call({}, "a"), TypeError);
  assertThrows(() => Object.getOwnPropertyDescriptor(URL.prototype, "href").get.call({}), TypeError);
});

test("URL and URLSearchParams can be subclassed", () => {
  class MyUrl extends URL { get twice() { return this.href + this.href; } }
  const url = new MyUrl("http://h/");
  assert(url instanceof URL);
  assertEquals(url.twice, "http://h/http://h/");
  class MyParams extends URLSearchParams {}
  assertEquals(new MyParams("a=b").get("a"), "b");
});

test("record keys that become the same USVString make one pair, with the last value", () => {
  const params = new URLSearchParams({ "\uD835x": "1", "x\uD835": "2", "\uD83Dx": "3" });
  assertEquals([...params], [["\uFFFDx", "3"], ["x\uFFFD", "2"]]);
});

test("URL and URLSearchParams are globals like other interfaces", () => {
  const url = Object.getOwnPropertyDescriptor(globalThis, "URL");
  assertEquals([url.writable, url.enumerable, url.configurable], [true, false, true]);
  assertEquals(typeof URLSearchParams, "function");
  assert(!Object.keys(globalThis).includes("URL"));
  assertEquals(URL.name, "URL");
  assertEquals(URL.length, 1);
  assertEquals(new URL("http://h/?a=1").searchParams instanceof URLSearchParams, true);
});

test("the constructors are functions, with call, apply and bind", () => {
  assert(Object.getPrototypeOf(URL) === Function.prototype);
  assert(URLSearchParams instanceof Function);
  const Bound = URL.bind(null, "/x");
  assertEquals(new Bound("http://h/").href, "http://h/x");
});
