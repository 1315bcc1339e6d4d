// TextEncoder, TextDecoder (https://encoding.spec.whatwg.org/#api) and atob/btoa
// (https://html.spec.whatwg.org/multipage/webappapis.html#atob), as workers use them.

const bytes = (view) => Array.from(view instanceof ArrayBuffer ? new Uint8Array(view) : view);
const units = (text) => Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));
const INVALID_BASE64 = "atob() called with invalid base64-encoded data. (Only whitespace, '+', '/', alphanumeric ASCII, and up to two terminal '=' signs when the input data length is divisible by 4 are allowed.)";

// ---- TextEncoder ----

test("encode returns the UTF-8 bytes in a fresh Uint8Array", () => {
  const encoder = new TextEncoder();
  assertEquals(encoder.encoding, "utf-8");
  const out = encoder.encode("aé€😀");
  assert(out instanceof Uint8Array);
  assertEquals(bytes(out), [0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]);
  assertEquals(out.byteOffset, 0);
  assertEquals(out.buffer.byteLength, 10);
  assert(encoder.encode("x") !== encoder.encode("x"));
});

test("encode converts its argument like a USVString", () => {
  const encoder = new TextEncoder();
  assertEquals(bytes(encoder.encode()), []);
  assertEquals(bytes(encoder.encode(undefined)), []);
  assertEquals(bytes(encoder.encode("")), []);
  assertEquals(bytes(encoder.encode(null)), [0x6e, 0x75, 0x6c, 0x6c]);
  assertEquals(bytes(encoder.encode(12)), [0x31, 0x32]);
  assertEquals(bytes(encoder.encode("a\ud800b")), [0x61, 0xef, 0xbf, 0xbd, 0x62]);
  assertEquals(bytes(encoder.encode("\udc00\ud83d")), [0xef, 0xbf, 0xbd, 0xef, 0xbf, 0xbd]);
  assertThrows(() => encoder.encode(Symbol()), TypeError);
});

test("encodeInto writes whole code points and reports code units read", () => {
  const encoder = new TextEncoder();
  const target = new Uint8Array(5);
  const result = encoder.encodeInto("a😀b", target);
  assertEquals(result, { read: 3, written: 5 });
  assertEquals(Object.keys(result), ["read", "written"]);
  assertEquals(Object.getPrototypeOf(result) === Object.prototype, true);
  assertEquals(bytes(target), [0x61, 0xf0, 0x9f, 0x98, 0x80]);

  const small = new Uint8Array(4);
  assertEquals(encoder.encodeInto("a😀", small), { read: 1, written: 1 });
  assertEquals(bytes(small), [0x61, 0, 0, 0]);

  const two = new Uint8Array(2);
  assertEquals(encoder.encodeInto("€", two), { read: 0, written: 0 });
  assertEquals(encoder.encodeInto("\ud800", two), { read: 0, written: 0 });
  assertEquals(encoder.encodeInto("", two), { read: 0, written: 0 });
});

test("encodeInto replaces lone surrogates with U+FFFD", () => {
  const target = new Uint8Array(8);
  assertEquals(new TextEncoder().encodeInto("\ud800x\udc00", target), { read: 3, written: 7 });
  assertEquals(bytes(target), [0xef, 0xbf, 0xbd, 0x78, 0xef, 0xbf, 0xbd, 0]);
});

test("encodeInto respects the view's offset and length", () => {
  const buffer = new ArrayBuffer(6);
  const view = new Uint8Array(buffer, 2, 2);
  assertEquals(new TextEncoder().encodeInto("xyz", view), { read: 2, written: 2 });
  assertEquals(bytes(buffer), [0, 0, 0x78, 0x79, 0, 0]);
});

test("encodeInto accepts subclasses and shared or resized buffers", () => {
  class Bytes extends Uint8Array {}
  assertEquals(new TextEncoder().encodeInto("ab", new Bytes(1)), { read: 1, written: 1 });
  const shared = new Uint8Array(new SharedArrayBuffer(2));
  assertEquals(new TextEncoder().encodeInto("hi!", shared), { read: 2, written: 2 });
  assertEquals(bytes(shared), [0x68, 0x69]);
  const growable = new ArrayBuffer(2, { maxByteLength: 8 });
  const tracking = new Uint8Array(growable);
  growable.resize(4);
  assertEquals(new TextEncoder().encodeInto("abcdef", tracking), { read: 4, written: 4 });
});

test("encodeInto into a detached buffer writes nothing", () => {
  const buffer = new ArrayBuffer(4);
  const view = new Uint8Array(buffer);
  buffer.transfer();
  assertEquals(new TextEncoder().encodeInto("abc", view), { read: 0, written: 0 });
});

test("encodeInto needs a Uint8Array destination", () => {
  const encoder = new TextEncoder();
  for (const bad of [undefined, new ArrayBuffer(4), new Uint8ClampedArray(4), new Int8Array(4), new Uint16Array(4), new DataView(new ArrayBuffer(4)), [0, 0]]) {
    const e = assertThrows(() => encoder.encodeInto("a", bad), TypeError);
    assertEquals(e.message, "Failed to execute 'encodeInto' on 'TextEncoder': parameter 2 is not of type 'Uint8Array'.");
  }
});

test("TextEncoder members are brand-checked", () => {
  const proto = TextEncoder.prototype;
  assertEquals(assertThrows(() => proto.encode.call({}, "a"), TypeError).message, "Illegal invocation");
  assertThrows(() => proto.encodeInto.call(new TextDecoder(), "a", new Uint8Array(1)), TypeError);
  assertThrows(() => Object.getOwnPropertyDescriptor(proto, "encoding").get.call({}), TypeError);
  assertThrows(() => TextEncoder(), TypeError);
  assertEquals(Object.prototype.toString.call(new TextEncoder()), "[object TextEncoder]");
  assertEquals([proto.encode.length, proto.encodeInto.length, TextEncoder.length], [0, 2, 0]);
});

// ---- TextDecoder ----

test("a decoder reports its encoding and options", () => {
  const d = new TextDecoder();
  assertEquals([d.encoding, d.fatal, d.ignoreBOM], ["utf-8", false, false]);
  const f = new TextDecoder("utf-16", { fatal: 1, ignoreBOM: "yes" });
  assertEquals([f.encoding, f.fatal, f.ignoreBOM], ["utf-16le", true, true]);
  assertEquals(new TextDecoder(undefined, null).encoding, "utf-8");
});

test("labels are trimmed, case-insensitive and mapped to the encoding's name", () => {
  const cases = {
    "utf8": "utf-8", " UTF-8 ": "utf-8", "\tunicode-1-1-utf-8\n": "utf-8", "unicode11utf8": "utf-8",
    "unicode20utf8": "utf-8", "x-unicode20utf8": "utf-8", "UTF-8\f": "utf-8",
    "utf-16": "utf-16le", "UTF-16LE": "utf-16le", "unicode": "utf-16le", "ucs-2": "utf-16le",
    "csunicode": "utf-16le", "iso-10646-ucs-2": "utf-16le", "unicodefeff": "utf-16le",
    "utf-16be": "utf-16be", "unicodefffe": "utf-16be",
    "latin1": "windows-1252", "ascii": "windows-1252", "US-ASCII": "windows-1252",
    "iso-8859-1": "windows-1252", "l1": "windows-1252", "cp1252": "windows-1252", "windows-1252": "windows-1252",
  };
  for (const [label, name] of Object.entries(cases)) {
    assertEquals(new TextDecoder(label).encoding, name, JSON.stringify(label));
  }
});

test("an unknown label is a RangeError that quotes it", () => {
  for (const label of ["foo", " Foo ", "replacement", "utf-32", "\u00a0utf-8", "utf8\u0130", "null", "utf-8 x"]) {
    const e = assertThrows(() => new TextDecoder(label), RangeError, label);
    assertEquals(e.message, `"${label}" is not a valid encoding.`);
  }
  assertEquals(assertThrows(() => new TextDecoder(null), RangeError).message, '"null" is not a valid encoding.');
});

test("bad options are a TypeError, reported before a bad label", () => {
  const e = assertThrows(() => new TextDecoder("foo", 5), TypeError);
  assertEquals(e.message, "Failed to construct 'TextDecoder': parameter 2 is not of type 'TextDecoderOptions'.");
  const order = [];
  new TextDecoder("utf-8", { get ignoreBOM() { order.push("ignoreBOM"); }, get fatal() { order.push("fatal"); } });
  assertEquals(order, ["fatal", "ignoreBOM"]);
});

test("decode accepts buffers, every kind of view and nothing", () => {
  const d = new TextDecoder();
  const source = new Uint8Array([0x41, 0x42, 0x43, 0x44, 0x45, 0x46]);
  assertEquals(d.decode(source), "ABCDEF");
  assertEquals(d.decode(source.buffer), "ABCDEF");
  assertEquals(d.decode(source.subarray(1, 3)), "BC");
  assertEquals(d.decode(new DataView(source.buffer, 2, 3)), "CDE");
  assertEquals(d.decode(new Uint16Array(source.buffer, 2, 1)), "CD");
  assertEquals(d.decode(new Uint8ClampedArray([0x68, 0x69])), "hi");
  assertEquals(d.decode(new Float64Array(1)), "\0".repeat(8));
  assertEquals(d.decode(new Uint8Array(new SharedArrayBuffer(2))), "\0\0");
  assertEquals(d.decode(), "");
  assertEquals(d.decode(undefined), "");
  assertEquals(d.decode(new Uint8Array(0)), "");
});

test("decode rejects anything else", () => {
  const d = new TextDecoder();
  for (const bad of [null, "abc", [65], 65, {}]) {
    const e = assertThrows(() => d.decode(bad), TypeError);
    assertEquals(e.message, "Failed to execute 'decode' on 'TextDecoder': parameter 1 is not of type '(ArrayBuffer or ArrayBufferView)'.");
  }
  const e = assertThrows(() => d.decode(new Uint8Array(1), 5), TypeError);
  assertEquals(e.message, "Failed to execute 'decode' on 'TextDecoder': parameter 2 is not of type 'TextDecodeOptions'.");
  assertEquals(d.decode(new Uint8Array([0x41]), null), "A");
});

test("a detached buffer decodes as empty", () => {
  const buffer = new ArrayBuffer(2);
  const view = new Uint8Array(buffer);
  buffer.transfer();
  assertEquals(new TextDecoder().decode(view), "");
  assertEquals(new TextDecoder().decode(buffer), "");
});

test("invalid UTF-8 becomes one U+FFFD per maximal subpart", () => {
  const d = new TextDecoder();
  const decode = (list) => units(d.decode(new Uint8Array(list)));
  assertEquals(decode([0x61, 0xff, 0xc3, 0x62, 0xe2, 0x82, 0x63]), [0x61, 0xfffd, 0xfffd, 0x62, 0xfffd, 0x63]);
  assertEquals(decode([0xe0, 0x80]), [0xfffd, 0xfffd]);
  assertEquals(decode([0xed, 0xa0, 0x80]), [0xfffd, 0xfffd, 0xfffd]);
  assertEquals(decode([0xf4, 0x90, 0x80, 0x80]), [0xfffd, 0xfffd, 0xfffd, 0xfffd]);
  assertEquals(decode([0xc0, 0xaf]), [0xfffd, 0xfffd]);
  assertEquals(decode([0xf0, 0x9f, 0x98]), [0xfffd]);
  assertEquals(decode([0xe1, 0x80, 0x41]), [0xfffd, 0x41]);
  assertEquals(decode([0x80, 0xbf]), [0xfffd, 0xfffd]);
  assertEquals(decode([0xef, 0xbf, 0xbf]), [0xffff]);
  assertEquals(decode([0xf4, 0x8f, 0xbf, 0xbf]), [0xdbff, 0xdfff]);
  assertEquals(decode([0xed, 0x9f, 0xbf]), [0xd7ff]);
});

test("a long mostly-ASCII input decodes exactly", () => {
  const text = "header: value\r\n".repeat(200) + "é" + "x".repeat(300);
  const encoded = new TextEncoder().encode(text);
  assertEquals(encoded.length, 3000 + 2 + 300);
  assertEquals(new TextDecoder().decode(encoded) === text, true);
});

test("fatal mode throws TypeError on invalid input", () => {
  const d = new TextDecoder("utf-8", { fatal: true });
  for (const list of [[0xff], [0x61, 0xc3], [0xed, 0xa0, 0x80], [0xc0, 0x80]]) {
    const e = assertThrows(() => d.decode(new Uint8Array(list)), TypeError, JSON.stringify(list));
    assertEquals(e.message, "Failed to decode input.");
  }
  assertEquals(d.decode(new Uint8Array([0xc3, 0xa9])), "é");
});

test("streaming keeps incomplete sequences between calls", () => {
  const d = new TextDecoder();
  const smile = [0xf0, 0x9f, 0x98, 0x80];
  const parts = smile.map((b) => d.decode(new Uint8Array([b]), { stream: true }));
  assertEquals(parts, ["", "", "", "😀"]);
  assertEquals(d.decode(), "");
  assertEquals(d.decode(new Uint8Array([0xe2, 0x82]), { stream: true }), "");
  assertEquals(d.decode(new Uint8Array([0xac, 0x41])), "€A");
});

test("an incomplete sequence at the end of a stream is an error", () => {
  const d = new TextDecoder();
  assertEquals(d.decode(new Uint8Array([0xf0, 0x9f]), { stream: true }), "");
  assertEquals(units(d.decode()), [0xfffd]);
  assertEquals(d.decode(new Uint8Array([0xf0, 0x9f]), { stream: true }), "");
  assertEquals(units(d.decode(new Uint8Array([0x41]), { stream: true })), [0xfffd, 0x41]);
  const f = new TextDecoder("utf-8", { fatal: true });
  assertEquals(f.decode(new Uint8Array([0xf0, 0x9f]), { stream: true }), "");
  assertEquals(assertThrows(() => f.decode(), TypeError).message, "Failed to decode input.");
  assertEquals(f.decode(new Uint8Array([0x41])), "A");
});

test("a call without stream ends the stream and the next call starts fresh", () => {
  const d = new TextDecoder();
  assertEquals(units(d.decode(new Uint8Array([0xe2]))), [0xfffd]);
  assertEquals(d.decode(new Uint8Array([0x82, 0xac])), "\ufffd\ufffd");
});

test("stream is read from the options like a boolean", () => {
  const d = new TextDecoder();
  assertEquals(d.decode(new Uint8Array([0xc3]), { stream: 1 }), "");
  assertEquals(d.decode(new Uint8Array([0xa9]), { stream: 0 }), "é");
});

test("a leading BOM is dropped once per stream", () => {
  const bom = [0xef, 0xbb, 0xbf];
  const d = new TextDecoder();
  assertEquals(d.decode(new Uint8Array([...bom, 0x68, 0x69])), "hi");
  assertEquals(d.decode(new Uint8Array([...bom, ...bom])), "\ufeff");
  assertEquals(d.decode(new Uint8Array([0xef]), { stream: true }), "");
  assertEquals(d.decode(new Uint8Array([0xbb]), { stream: true }), "");
  assertEquals(d.decode(new Uint8Array([0xbf, 0x41]), { stream: true }), "A");
  assertEquals(d.decode(new Uint8Array(bom)), "\ufeff");
  assertEquals(new TextDecoder("utf-8", { ignoreBOM: true }).decode(new Uint8Array([...bom, 0x41])), "\ufeffA");
  assertEquals(new TextDecoder().decode(new Uint8Array([0x41, ...bom])), "A\ufeff");
});

test("UTF-16LE and UTF-16BE decode pairs, BOMs and errors", () => {
  const le = new TextDecoder("utf-16le");
  assertEquals(le.decode(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x3d, 0xd8, 0x00, 0xde])), "A😀");
  const be = new TextDecoder("utf-16be");
  assertEquals(be.decode(new Uint8Array([0xfe, 0xff, 0x00, 0x41, 0xd8, 0x3d, 0xde, 0x00])), "A😀");
  assertEquals(units(le.decode(new Uint8Array([0x41, 0x00, 0x42]))), [0x41, 0xfffd]);
  assertEquals(units(le.decode(new Uint8Array([0x00, 0xd8, 0x41, 0x00, 0x00, 0xdc]))), [0xfffd, 0x41, 0xfffd]);
  assertEquals(units(le.decode(new Uint8Array([0x3d, 0xd8]))), [0xfffd]);
  assertEquals(units(le.decode(new Uint8Array([0xfe, 0xff, 0x41, 0x00]))), [0xfffe, 0x41]);
  assertEquals(units(new TextDecoder("utf-16le", { ignoreBOM: true }).decode(new Uint8Array([0xff, 0xfe, 0x41, 0x00]))), [0xfeff, 0x41]);
});

test("UTF-16 streaming splits anywhere", () => {
  const d = new TextDecoder("utf-16le");
  const chunks = [[0xff], [0xfe, 0x3d], [0xd8, 0x00], [0xde, 0x41], [0x00]];
  const out = chunks.map((c, i) => d.decode(new Uint8Array(c), { stream: i < chunks.length - 1 }));
  assertEquals(out, ["", "", "", "😀", "A"]);
  assertEquals(units(d.decode(new Uint8Array([0x3d, 0xd8]), { stream: true })), []);
  assertEquals(units(d.decode()), [0xfffd]);
});

test("UTF-16 fatal mode throws on lone surrogates and odd lengths", () => {
  const d = new TextDecoder("utf-16le", { fatal: true });
  assertThrows(() => d.decode(new Uint8Array([0x00, 0xdc])), TypeError);
  assertThrows(() => d.decode(new Uint8Array([0x00, 0xd8, 0x41, 0x00])), TypeError);
  assertThrows(() => d.decode(new Uint8Array([0x41])), TypeError);
  assertEquals(d.decode(new Uint8Array([0x41]), { stream: true }), "");
  assertEquals(d.decode(new Uint8Array([0x00])), "A");
});

test("windows-1252 maps 0x80-0x9F through its table and keeps BOM bytes", () => {
  const d = new TextDecoder("latin1", { fatal: true });
  const all = new Uint8Array(256).map((_, i) => i);
  const text = d.decode(all);
  assertEquals(text.length, 256);
  assertEquals(units(text.slice(0x80, 0xa0)), [
    0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
    0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
  ]);
  assertEquals(units(text.slice(0, 3)), [0, 1, 2]);
  assertEquals(units(text.slice(0xa0, 0xa3)), [0xa0, 0xa1, 0xa2]);
  assertEquals(text.charCodeAt(0xff), 0xff);
  assertEquals(units(new TextDecoder("ascii").decode(new Uint8Array([0xef, 0xbb, 0xbf]))), [0xef, 0xbb, 0xbf]);
});

test("single-byte encodings map 0x80-0xFF through their index", () => {
  const cases = {
    "ibm866": [[0x80, 0xa0, 0xf0], "\u0410\u0430\u0401"],
    "iso-8859-2": [[0xa1, 0xb1, 0xe8], "\u0104\u0105\u010d"],
    "iso-8859-3": [[0xa1, 0xc5, 0xfe], "\u0126\u010a\u015d"],
    "iso-8859-4": [[0xa2, 0xbd, 0xf2], "\u0138\u014a\u014d"],
    "iso-8859-5": [[0xb0, 0xd0, 0xf0], "\u0410\u0430\u2116"],
    "iso-8859-6": [[0xac, 0xc1, 0xf2], "\u060c\u0621\u0652"],
    "iso-8859-7": [[0xa1, 0xa4, 0xc1], "\u2018\u20ac\u0391"],
    "iso-8859-8": [[0xaf, 0xe0, 0xfd], "\u00af\u05d0\u200e"],
    "iso-8859-8-i": [[0xaf, 0xe0, 0xfe], "\u00af\u05d0\u200f"],
    "iso-8859-10": [[0xa1, 0xbd, 0xff], "\u0104\u2015\u0138"],
    "iso-8859-13": [[0xa1, 0xc0, 0xff], "\u201d\u0104\u2019"],
    "iso-8859-14": [[0xa1, 0xd0, 0xfe], "\u1e02\u0174\u0177"],
    "iso-8859-15": [[0xa4, 0xbc, 0xbe], "\u20ac\u0152\u0178"],
    "iso-8859-16": [[0xa4, 0xaa, 0xde], "\u20ac\u0218\u021a"],
    "koi8-r": [[0xc1, 0xe1, 0xa3], "\u0430\u0410\u0451"],
    "koi8-u": [[0xa4, 0xae, 0xbd], "\u0454\u045e\u0490"],
    "macintosh": [[0x80, 0xbd, 0xf0], "\u00c4\u03a9\uf8ff"],
    "windows-874": [[0x80, 0xa1, 0xdf], "\u20ac\u0e01\u0e3f"],
    "windows-1250": [[0x8a, 0xb9, 0xf8], "\u0160\u0105\u0159"],
    "windows-1251": [[0xc0, 0xff, 0xa8], "\u0410\u044f\u0401"],
    "windows-1253": [[0xc1, 0xa2, 0xf9], "\u0391\u0386\u03c9"],
    "windows-1254": [[0xd0, 0xdd, 0xfe], "\u011e\u0130\u015f"],
    "windows-1255": [[0xe0, 0xa4, 0xfd], "\u05d0\u20aa\u200e"],
    "windows-1256": [[0x81, 0xc7, 0xff], "\u067e\u0627\u06d2"],
    "windows-1257": [[0xa8, 0xc0, 0xfe], "\u00d8\u0104\u017e"],
    "windows-1258": [[0xc3, 0xd2, 0xfe], "\u0102\u0309\u20ab"],
    "x-mac-cyrillic": [[0x80, 0xa2, 0xff], "\u0410\u0490\u20ac"],
    "x-user-defined": [[0x80, 0xc0, 0xff], "\uf780\uf7c0\uf7ff"],
  };
  const ascii = Array.from({ length: 128 }, (_, i) => i);
  for (const [label, [input, expected]] of Object.entries(cases)) {
    const d = new TextDecoder(label, { fatal: true });
    assertEquals(d.encoding, label);
    assertEquals(units(d.decode(new Uint8Array(input))), units(expected), label);
    assertEquals(units(d.decode(new Uint8Array(ascii))), ascii, label);
  }
});

test("a byte a single-byte index leaves out is U+FFFD, or a TypeError when fatal", () => {
  const cases = {
    "iso-8859-3": 0xa5, "iso-8859-6": 0xa1, "iso-8859-7": 0xae, "iso-8859-8": 0xff, "logical": 0xd0,
    "windows-874": 0xdb, "windows-1253": 0xaa, "windows-1255": 0xd9, "windows-1257": 0xa5,
  };
  for (const [label, bad] of Object.entries(cases)) {
    assertEquals(new TextDecoder(label).decode(new Uint8Array([0x41, bad, 0x42])), "A\ufffdB", label);
    const e = assertThrows(() => new TextDecoder(label, { fatal: true }).decode(new Uint8Array([0x41, bad])), TypeError, label);
    assertEquals(e.message, "Failed to decode input.");
  }
  const greek = new TextDecoder("greek", { fatal: true });
  assertEquals(greek.decode(new Uint8Array([0xc1]), { stream: true }), "\u0391");
  assertThrows(() => greek.decode(new Uint8Array([0xd2]), { stream: true }), TypeError);
  assertEquals(greek.decode(new Uint8Array([0xc2])), "\u0392");
});

test("single-byte labels map to the encoding's name", () => {
  const cases = {
    "866": "ibm866", "CP866": "ibm866", "csibm866": "ibm866",
    "latin2": "iso-8859-2", "ISO_8859-2:1987": "iso-8859-2", "l3": "iso-8859-3", "iso-ir-110": "iso-8859-4",
    "cyrillic": "iso-8859-5", "csisolatincyrillic": "iso-8859-5", "arabic": "iso-8859-6", "iso-8859-6-i": "iso-8859-6",
    "asmo-708": "iso-8859-6", "greek": "iso-8859-7", "sun_eu_greek": "iso-8859-7", "hebrew": "iso-8859-8",
    "visual": "iso-8859-8", "iso-8859-8-e": "iso-8859-8", "logical": "iso-8859-8-i", "csiso88598i": "iso-8859-8-i",
    "latin6": "iso-8859-10", "iso885913": "iso-8859-13", "iso8859-14": "iso-8859-14", "l9": "iso-8859-15",
    "iso-8859-16": "iso-8859-16", "koi": "koi8-r", "koi8_r": "koi8-r", "koi8-ru": "koi8-u", "mac": "macintosh",
    "x-mac-roman": "macintosh", "tis-620": "windows-874", "iso-8859-11": "windows-874", "dos-874": "windows-874",
    "x-cp1250": "windows-1250", "cp1251": "windows-1251", "cp1253": "windows-1253", "iso-8859-9": "windows-1254",
    "latin5": "windows-1254", "windows-1255": "windows-1255", "x-cp1256": "windows-1256", "cp1257": "windows-1257",
    " Windows-1258\n": "windows-1258", "x-mac-ukrainian": "x-mac-cyrillic", "X-User-Defined": "x-user-defined",
  };
  for (const [label, name] of Object.entries(cases)) {
    assertEquals(new TextDecoder(label).encoding, name, JSON.stringify(label));
  }
  for (const label of ["iso-8859-12", "iso8859-16", "cp866x", "windows-1259", "x-mac-greek"]) {
    assertThrows(() => new TextDecoder(label), RangeError, label);
  }
});

test("single-byte encodings keep the bytes of a leading BOM", () => {
  assertEquals(new TextDecoder("windows-1251").decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x41])), "\u043f\u00bb\u0457A");
  assertEquals(units(new TextDecoder("x-user-defined").decode(new Uint8Array([0xef, 0xbb]))), [0xf7ef, 0xf7bb]);
});

test("TextDecoder members are brand-checked and subclassable", () => {
  const proto = TextDecoder.prototype;
  assertEquals(assertThrows(() => proto.decode.call({}, new Uint8Array(1)), TypeError).message, "Illegal invocation");
  for (const key of ["encoding", "fatal", "ignoreBOM"]) {
    assertThrows(() => Object.getOwnPropertyDescriptor(proto, key).get.call(new TextEncoder()), TypeError, key);
  }
  assertThrows(() => TextDecoder(), TypeError);
  class Utf16 extends TextDecoder { constructor() { super("utf-16be"); } }
  const u = new Utf16();
  assert(u instanceof Utf16 && u instanceof TextDecoder);
  assertEquals(u.encoding, "utf-16be");
  assertEquals(u.decode(new Uint8Array([0x00, 0x7a])), "z");
  assertEquals(Object.prototype.toString.call(u), "[object TextDecoder]");
  assertEquals([proto.decode.length, TextDecoder.length], [0, 0]);
});

test("encode and decode round-trip every kind of character", () => {
  const text = "ASCII, ümlaut, 中文, emoji 😀🎉, and \u0000 nul";
  assertEquals(new TextDecoder().decode(new TextEncoder().encode(text)), text);
});

// ---- atob / btoa ----

test("btoa encodes Latin-1 strings with padding", () => {
  assertEquals(btoa(""), "");
  assertEquals(btoa("f"), "Zg==");
  assertEquals(btoa("fo"), "Zm8=");
  assertEquals(btoa("foo"), "Zm9v");
  assertEquals(btoa("\xff\xfe\x00a"), "//4AYQ==");
  assertEquals(btoa(null), "bnVsbA==");
  assertEquals(btoa(undefined), "dW5kZWZpbmVk");
  assertEquals(btoa(12), "MTI=");
});

test("btoa rejects characters above U+00FF with a DOMException", () => {
  for (const input of ["\u0100", "a😀", "€"]) {
    const e = assertThrows(() => btoa(input), DOMException, input);
    assertEquals([e.name, e.code, e.message], ["InvalidCharacterError", 5, "btoa() can only operate on characters in the Latin1 (ISO/IEC 8859-1) range."]);
  }
});

test("atob decodes to one character per byte", () => {
  assertEquals(atob(""), "");
  assertEquals(atob("Zm9v"), "foo");
  assertEquals(atob("Zm8="), "fo");
  assertEquals(atob("Zm8"), "fo");
  assertEquals(atob("Zg=="), "f");
  assertEquals(atob("Zg"), "f");
  assertEquals(units(atob("/+8=")), [0xff, 0xef]);
  assertEquals(atob({ toString() { return "YWJj"; } }), "abc");
  assertEquals(units(atob(null)), [0x9e, 0xe9, 0x65]);
});

test("atob ignores ASCII whitespace anywhere", () => {
  assertEquals(atob(" Zm\t9v\n"), "foo");
  assertEquals(atob("Z m 8 ="), "fo");
  assertEquals(atob("Zg= ="), "f");
  assertEquals(atob("\f\r Zg== \n"), "f");
  assertEquals(atob("   "), "");
});

test("atob drops leftover bits even when they are not zero", () => {
  assertEquals(atob("YR"), "a");
  assertEquals(atob("YR=="), "a");
  assertEquals(atob("YWJ"), "ab");
  assertEquals(atob("YWK"), "ab");
});

test("atob rejects invalid input with workerd's message", () => {
  for (const input of ["a", "abcde", "ab=", "abc==", "ab==cd", "a===", "====", "ab===", "a=b=", "ab$c", "-_-_", "ab\vcd", "ab\u00a0cd", "ab\u0100d", "ab\u3000cd", undefined]) {
    const e = assertThrows(() => atob(input), DOMException, JSON.stringify(input));
    assertEquals([e.name, e.code, e.message], ["InvalidCharacterError", 5, INVALID_BASE64]);
    assert(e instanceof Error);
  }
});

test("atob and btoa need an argument", () => {
  assertEquals(assertThrows(() => atob(), TypeError).message, "Failed to execute 'atob' on 'ServiceWorkerGlobalScope': parameter 1 is not of type 'string'.");
  assertEquals(assertThrows(() => btoa(), TypeError).message, "Failed to execute 'btoa' on 'ServiceWorkerGlobalScope': parameter 1 is not of type 'String'.");
  assertThrows(() => btoa(Symbol()), TypeError);
});

test("atob and btoa round-trip every byte value", () => {
  const all = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i));
  const encoded = btoa(all);
  assertEquals(encoded.length, 344);
  assertEquals(atob(encoded) === all, true);
  assertEquals(encoded.slice(0, 8), "AAECAwQF");
  assertEquals(encoded.slice(-8), "/P3+/w==");
});

test("base64 of UTF-8 text goes through TextEncoder", () => {
  const utf8 = new TextEncoder().encode("héllo");
  const encoded = btoa(String.fromCharCode(...utf8));
  assertEquals(encoded, "aMOpbGxv");
  const decoded = Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
  assertEquals(new TextDecoder().decode(decoded), "héllo");
});

test("the globals are installed like Web IDL members", () => {
  for (const name of ["TextEncoder", "TextDecoder", "DOMException"]) {
    const d = Object.getOwnPropertyDescriptor(globalThis, name);
    assertEquals([typeof d.value, d.writable, d.enumerable, d.configurable], ["function", true, false, true], name);
  }
  assertEquals([atob.length, btoa.length, atob.name, btoa.name], [1, 1, "atob", "btoa"]);
});

test("the constructors are functions", () => {
  for (const ctor of [TextEncoder, TextDecoder]) {
    assertEquals(Object.getPrototypeOf(ctor) === Function.prototype, true, ctor.name);
    assertEquals(typeof ctor.bind, "function", ctor.name);
  }
  const Bound = TextDecoder.bind(null, "utf-16be");
  assertEquals(new Bound().encoding, "utf-16be");
  assertEquals(Reflect.construct(TextEncoder, []).encoding, "utf-8");
});
