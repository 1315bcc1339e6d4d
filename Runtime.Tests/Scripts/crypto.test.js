// Web Crypto (https://w3c.github.io/webcrypto/): the crypto global, getRandomValues, randomUUID,
// SubtleCrypto digest and HMAC keys, workerd's timingSafeEqual, and the clear NotSupportedError
// of the operations not implemented yet. Expected digests and MACs were computed with
// sha*sum/md5sum and `openssl dgst -hmac`; messages were checked against workerd.

const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");
const bytes = (text) => new TextEncoder().encode(text);
const subtle = crypto.subtle;
const hmacKey = (hash, usages = ["sign", "verify"], extractable = true, key = bytes("Jefe")) =>
  subtle.importKey("raw", key, { name: "HMAC", hash }, extractable, usages);
const assertDom = async (promise, name, message) => {
  const e = await assertRejects(promise, DOMException);
  assertEquals(e.name, name, e.message);
  if (message !== undefined) assertEquals(e.message, message);
  return e;
};
const assertTypeError = async (promise, message) => {
  const e = await assertRejects(promise, TypeError);
  if (message !== undefined) assertEquals(e.message, message);
  return e;
};

test("crypto is a Crypto with a SubtleCrypto, and neither class is constructible", () => {
  assertEquals(Object.prototype.toString.call(crypto), "[object Crypto]");
  assertEquals(Object.prototype.toString.call(crypto.subtle), "[object SubtleCrypto]");
  assert(crypto instanceof Crypto);
  assert(crypto.subtle instanceof SubtleCrypto);
  assert(crypto.subtle === crypto.subtle, "subtle is [SameObject]");
  assert(self.crypto === crypto);
  for (const C of [Crypto, SubtleCrypto, CryptoKey]) {
    const e = assertThrows(() => new C(), TypeError);
    assertEquals(e.message, "Illegal constructor");
    assertThrows(() => C(), TypeError);
  }
  const d = Object.getOwnPropertyDescriptor(globalThis, "crypto");
  assertEquals([d.writable, d.enumerable, d.configurable], [true, true, true]);
});

test("methods have the IDL lengths and live on the prototypes", () => {
  assertEquals(Object.keys(Crypto.prototype), ["subtle", "getRandomValues", "randomUUID"]);
  assertEquals(crypto.getRandomValues.length, 1);
  assertEquals(crypto.randomUUID.length, 0);
  const lengths = { encrypt: 3, decrypt: 3, sign: 3, verify: 4, digest: 2, generateKey: 3, deriveKey: 5,
    deriveBits: 2, importKey: 5, exportKey: 2, wrapKey: 4, unwrapKey: 7, timingSafeEqual: 2 };
  for (const [name, length] of Object.entries(lengths)) {
    assertEquals(typeof SubtleCrypto.prototype[name], "function", name);
    assertEquals(SubtleCrypto.prototype[name].length, length, name);
  }
  assertEquals(Object.getOwnPropertyNames(crypto), []);
});

test("methods and getters check their receiver", async () => {
  const e = assertThrows(() => crypto.getRandomValues.call({}, new Uint8Array(1)), TypeError);
  assertEquals(e.message, "Illegal invocation");
  assertThrows(() => crypto.randomUUID.call(undefined), TypeError);
  assertThrows(() => Object.getOwnPropertyDescriptor(Crypto.prototype, "subtle").get.call({}), TypeError);
  assertThrows(() => subtle.timingSafeEqual.call(crypto, new Uint8Array(1), new Uint8Array(1)), TypeError);
  // The brand check throws, as in workerd; argument errors reject.
  assertThrows(() => subtle.digest.call({}, "SHA-256", new Uint8Array(1)), TypeError);
  assertThrows(() => SubtleCrypto.prototype.encrypt("AES-GCM"), TypeError);
  assertThrows(() => Object.getOwnPropertyDescriptor(CryptoKey.prototype, "type").get.call({}), TypeError);
});

test("getRandomValues fills integer arrays in place and returns them", () => {
  const array = new Uint8Array(64);
  assert(crypto.getRandomValues(array) === array);
  assert(array.some((b) => b !== 0), "64 random bytes are not all zero");
  for (const C of [Int8Array, Int16Array, Int32Array, Uint8Array, Uint8ClampedArray, Uint16Array, Uint32Array, BigInt64Array, BigUint64Array]) {
    const a = new C(8);
    assert(crypto.getRandomValues(a) === a, C.name);
    assertEquals(crypto.getRandomValues(new C(0)).length, 0);
  }
  class Sub extends Uint32Array {}
  assert(crypto.getRandomValues(new Sub(4)) instanceof Sub);
  const view = new Uint8Array(new ArrayBuffer(32), 8, 8);
  crypto.getRandomValues(view);
  assert(new Uint8Array(view.buffer, 0, 8).every((b) => b === 0), "bytes before the view are untouched");
  assert(new Uint8Array(view.buffer, 16).every((b) => b === 0), "bytes after the view are untouched");
  assertEquals(crypto.getRandomValues(new Uint8Array(65536)).length, 65536);
  assertEquals(crypto.getRandomValues(new Uint32Array(16384)).length, 16384);
});

test("getRandomValues rejects float arrays and DataViews with TypeMismatchError", () => {
  const arrays = [new Float32Array(4), new Float64Array(4), new DataView(new ArrayBuffer(4)), new Float32Array(20000)];
  if (typeof Float16Array === "function") arrays.push(new Float16Array(4));
  for (const a of arrays) {
    const e = assertThrows(() => crypto.getRandomValues(a), DOMException);
    assertEquals([e.name, e.code], ["TypeMismatchError", 17]);
    assertEquals(e.message, "ArrayBufferView argument to getRandomValues() must be an integer-typed view.");
  }
});

test("getRandomValues rejects more than 65536 bytes with QuotaExceededError", () => {
  const e = assertThrows(() => crypto.getRandomValues(new Uint8Array(65537)), DOMException);
  assertEquals([e.name, e.code], ["QuotaExceededError", 22]);
  assertEquals(e.message, "getRandomValues() only accepts buffers of size <= 64K but provided 65537 bytes.");
  const f = assertThrows(() => crypto.getRandomValues(new BigInt64Array(8193)), DOMException);
  assertEquals(f.message, "getRandomValues() only accepts buffers of size <= 64K but provided 65544 bytes.");
});

test("getRandomValues needs an ArrayBufferView", () => {
  for (const value of [undefined, null, 5, "abc", new ArrayBuffer(4), [1, 2], {}]) {
    const e = assertThrows(() => crypto.getRandomValues(value), TypeError);
    assertEquals(e.message, "Failed to execute 'getRandomValues' on 'Crypto': parameter 1 is not of type 'ArrayBufferView'.");
  }
});

test("randomUUID returns distinct lowercase version 4 UUIDs", () => {
  const seen = new Set();
  for (let i = 0; i < 200; i++) {
    const uuid = crypto.randomUUID();
    assert(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(uuid), uuid);
    seen.add(uuid);
  }
  assertEquals(seen.size, 200);
});

test("digest computes the SHA family and MD5 of any BufferSource", async () => {
  const abc = bytes("abc");
  const expected = {
    "SHA-1": "a9993e364706816aba3e25717850c26c9cd0d89d",
    "SHA-256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    "SHA-384": "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
    "SHA-512": "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
    "MD5": "900150983cd24fb0d6963f7d28e17f72",
  };
  for (const [name, digest] of Object.entries(expected)) {
    const result = await subtle.digest(name, abc);
    assert(result instanceof ArrayBuffer, name);
    assertEquals(hex(result), digest, name);
    assertEquals(hex(await subtle.digest({ name: name.toLowerCase() }, abc)), digest, name);
  }
  const sha256 = expected["SHA-256"];
  assertEquals(hex(await subtle.digest("sha-256", abc.buffer)), sha256);
  assertEquals(hex(await subtle.digest("Sha-256", new DataView(abc.buffer))), sha256);
  const padded = new Uint8Array([0, 0x61, 0x62, 0x63, 0]);
  assertEquals(hex(await subtle.digest("SHA-256", padded.subarray(1, 4))), sha256);
  assertEquals(hex(await subtle.digest("SHA-256", new Uint8Array(0))), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
});

test("digest copies the data when called", async () => {
  const data = bytes("abc");
  const promise = subtle.digest("SHA-256", data);
  data[0] = 0;
  assertEquals(hex(await promise), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
});

test("digest rejects unknown algorithms with NotSupportedError", async () => {
  for (const name of ["SHA256", "sha-3", "HMAC", "AES-GCM", "PBKDF2", 5]) {
    const e = await assertDom(subtle.digest(name, bytes("abc")), "NotSupportedError",
      "Unrecognized or unimplemented digest algorithm requested.");
    assertEquals(e.code, 9);
  }
});

test("digest rejects bad arguments instead of throwing", async () => {
  const noName = subtle.digest({}, bytes("abc"));
  assert(noName instanceof Promise);
  await assertTypeError(noName, 'Missing field "name" in "algorithm".');
  await assertTypeError(subtle.digest(), "Failed to execute 'digest' on 'SubtleCrypto': parameter 1 is not of type 'string or HashAlgorithm'.");
  await assertTypeError(subtle.digest("SHA-256"), "Failed to execute 'digest' on 'SubtleCrypto': parameter 2 is not of type 'BufferSource'.");
  await assertTypeError(subtle.digest("SHA-256", "abc"), "Failed to execute 'digest' on 'SubtleCrypto': parameter 2 is not of type 'BufferSource'.");
  await assertTypeError(subtle.digest(Symbol("x"), bytes("abc")), "Cannot convert a Symbol value to a string");
  await assertTypeError(subtle.digest({ name: Symbol("x") }, bytes("abc")), "Cannot convert a Symbol value to a string");
});

test("HMAC sign matches RFC 4231 test cases 1 and 2 (and HMAC-MD5, HMAC-SHA-1)", async () => {
  const expected = {
    "SHA-1": "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
    "SHA-256": "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    "SHA-384": "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
    "SHA-512": "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
    "MD5": "750c783e6ab0b503eaa86e310a5db738",
  };
  const message = bytes("what do ya want for nothing?");
  for (const [hash, mac] of Object.entries(expected)) {
    const key = await hmacKey(hash);
    const signature = await subtle.sign("HMAC", key, message);
    assert(signature instanceof ArrayBuffer);
    assertEquals(hex(signature), mac, hash);
    assertEquals(hex(await subtle.sign({ name: "hmac" }, key, message)), mac, hash);
  }
  const key1 = await subtle.importKey("raw", new Uint8Array(20).fill(0x0b), { name: "HMAC", hash: { name: "sha-256" } }, false, ["sign"]);
  assertEquals(hex(await subtle.sign("HMAC", key1, bytes("Hi There"))), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
});

test("HMAC verify accepts the right MAC only", async () => {
  const key = await hmacKey("SHA-256");
  const message = bytes("what do ya want for nothing?");
  const signature = await subtle.sign("HMAC", key, message);
  assertEquals(await subtle.verify("HMAC", key, signature, message), true);
  assertEquals(await subtle.verify({ name: "HMAC" }, key, new DataView(signature), message), true);
  assertEquals(await subtle.verify("HMAC", key, signature, bytes("what do ya want for nothing!")), false);
  assertEquals(await subtle.verify("HMAC", key, signature.slice(0, 16), message), false);
  assertEquals(await subtle.verify("HMAC", key, new Uint8Array(0), message), false);
  const tampered = new Uint8Array(signature);
  tampered[31] ^= 1;
  assertEquals(await subtle.verify("HMAC", key, tampered, message), false);
});

test("imported HMAC keys describe themselves", async () => {
  const key = await hmacKey("sha-384", ["verify", "sign", "verify"]);
  assert(key instanceof CryptoKey);
  assertEquals(Object.prototype.toString.call(key), "[object CryptoKey]");
  assertEquals(key.type, "secret");
  assertEquals(key.extractable, true);
  assertEquals(key.algorithm, { name: "HMAC", hash: { name: "SHA-384" }, length: 32 });
  assertEquals(key.usages, ["sign", "verify"]);
  assert(Array.isArray(key.usages));
  assert(key.algorithm === key.algorithm && key.usages === key.usages, "cached objects");
  assertEquals(Object.keys(CryptoKey.prototype), ["type", "extractable", "algorithm", "usages"]);
  const other = await subtle.importKey("raw", bytes("key"), { name: "HMAC", hash: "SHA-1", length: 20 }, 0, ["sign"]);
  assertEquals([other.extractable, other.algorithm.length, other.algorithm.hash.name], [false, 20, "SHA-1"]);
  const fractional = await subtle.importKey("raw", bytes("key"), { name: "HMAC", hash: "SHA-1", length: 17.9 }, true, ["sign"]);
  assertEquals(fractional.algorithm.length, 17);
  const usages = new Set(["verify"]);
  assertEquals((await subtle.importKey("raw", bytes("k"), { name: "HMAC", hash: "SHA-256" }, true, usages)).usages, ["verify"]);
});

test("the key keeps its own copy of the key data", async () => {
  const data = bytes("Jefe");
  const key = await subtle.importKey("raw", data, { name: "HMAC", hash: "SHA-256" }, true, ["sign"]);
  data.fill(0);
  assertEquals(hex(await subtle.exportKey("raw", key)), "4a656665");
  assertEquals(hex(await subtle.sign("HMAC", key, bytes("what do ya want for nothing?"))),
    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
});

test("exportKey raw returns a copy of extractable keys only", async () => {
  const key = await hmacKey("SHA-256");
  const first = await subtle.exportKey("raw", key);
  assert(first instanceof ArrayBuffer);
  assertEquals(hex(first), "4a656665");
  new Uint8Array(first).fill(0);
  assertEquals(hex(await subtle.exportKey("raw", key)), "4a656665");
  const locked = await hmacKey("SHA-256", ["sign"], false);
  const e = await assertDom(subtle.exportKey("raw", locked), "InvalidAccessError", "Attempt to export non-extractable HMAC key.");
  assertEquals(e.code, 15);
  await assertDom(subtle.exportKey("pkcs8", key), "NotSupportedError", 'Unimplemented key export format "pkcs8".');
  await assertDom(subtle.exportKey("jwk", key), "NotSupportedError");
  await assertTypeError(subtle.exportKey(), "Failed to execute 'exportKey' on 'SubtleCrypto': parameter 1 is not of type 'string'.");
  await assertTypeError(subtle.exportKey("raw", {}), "Failed to execute 'exportKey' on 'SubtleCrypto': parameter 2 is not of type 'CryptoKey'.");
});

test("sign and verify check the key's algorithm and usages", async () => {
  const signOnly = await hmacKey("SHA-256", ["sign"]);
  const data = bytes("x");
  const signature = await subtle.sign("HMAC", signOnly, data);
  await assertDom(subtle.verify("HMAC", signOnly, signature, data), "InvalidAccessError",
    'Requested key usage "verify" does not match any usage listed in this CryptoKey.');
  const verifyOnly = await hmacKey("SHA-256", ["verify"]);
  await assertDom(subtle.sign("HMAC", verifyOnly, data), "InvalidAccessError",
    'Requested key usage "sign" does not match any usage listed in this CryptoKey.');
  await assertDom(subtle.sign("RSASSA-PKCS1-v1_5", signOnly, data), "InvalidAccessError",
    'Requested algorithm "RSASSA-PKCS1-v1_5" does not match this CryptoKey\'s algorithm "HMAC".');
  await assertDom(subtle.sign({ name: "ecdsa", hash: "SHA-256" }, signOnly, data), "InvalidAccessError");
  await assertDom(subtle.sign("foo", signOnly, data), "NotSupportedError");
  await assertTypeError(subtle.sign("HMAC", {}, data), "Failed to execute 'sign' on 'SubtleCrypto': parameter 2 is not of type 'CryptoKey'.");
  await assertTypeError(subtle.sign("HMAC", signOnly, "x"), "Failed to execute 'sign' on 'SubtleCrypto': parameter 3 is not of type 'BufferSource'.");
  await assertTypeError(subtle.sign(), "Failed to execute 'sign' on 'SubtleCrypto': parameter 1 is not of type 'string or SignAlgorithm'.");
  await assertTypeError(subtle.verify("HMAC", verifyOnly, signature), "Failed to execute 'verify' on 'SubtleCrypto': parameter 4 is not of type 'BufferSource'.");
  await assertTypeError(subtle.verify("HMAC", verifyOnly), "Failed to execute 'verify' on 'SubtleCrypto': parameter 3 is not of type 'BufferSource'.");
});

test("importKey validates usages, hash and length", async () => {
  const raw = bytes("key");
  const params = (extra) => ({ name: "HMAC", hash: "SHA-256", ...extra });
  await assertDom(subtle.importKey("raw", raw, params(), true, ["encrypt"]), "SyntaxError",
    'Attempt to import secret HMAC key with invalid usage "encrypt".');
  await assertDom(subtle.importKey("raw", raw, params(), true, ["sign", "bogus"]), "SyntaxError");
  await assertDom(subtle.importKey("raw", raw, params(), true, []), "SyntaxError",
    "Secret/private CryptoKeys must have at least one usage.");
  await assertTypeError(subtle.importKey("raw", raw, params(), true, "sign"),
    "Failed to execute 'importKey' on 'SubtleCrypto': parameter 5 is not of type 'Array'.");
  await assertTypeError(subtle.importKey("raw", raw, params(), true),
    "Failed to execute 'importKey' on 'SubtleCrypto': parameter 5 is not of type 'Array'.");
  await assertTypeError(subtle.importKey("raw", raw, { name: "HMAC" }, true, ["sign"]), 'Missing field "hash" in "algorithm".');
  await assertTypeError(subtle.importKey("raw", raw, "HMAC", true, ["sign"]), 'Missing field "hash" in "algorithm".');
  await assertTypeError(subtle.importKey("raw", raw, params({ hash: {} }), true, ["sign"]), 'Missing field "name" in "hash".');
  await assertDom(subtle.importKey("raw", raw, params({ hash: "SHA-3" }), true, ["sign"]), "NotSupportedError",
    "Unrecognized or unimplemented digest algorithm requested.");
  for (const length of [0, 16, 25, 30]) {
    await assertDom(subtle.importKey("raw", raw, params({ length }), true, ["sign"]), "DataError",
      `Imported HMAC key length (${length}) must be a non-zero value up to 7 bits less than, and no greater than, the bit length of the raw key data (24).`);
  }
  await assertDom(subtle.importKey("raw", new Uint8Array(0), params(), true, ["sign"]), "DataError");
  await assertTypeError(subtle.importKey("raw", raw, params(), true, ["sign", Symbol("verify")]), "Cannot convert a Symbol value to a string");
  await assertTypeError(subtle.importKey("raw", raw, params({ hash: Symbol("SHA-256") }), true, ["sign"]));
  for (const length of [NaN, -1, Infinity, 2 ** 32, 20n, Symbol("20")]) {
    await assertTypeError(subtle.importKey("raw", raw, params({ length }), true, ["sign"]));
  }
  await assertTypeError(subtle.importKey("raw", "key", params(), true, ["sign"]),
    "Failed to execute 'importKey' on 'SubtleCrypto': parameter 2 is not of type 'BufferSource or JsonWebKey'.");
  await assertTypeError(subtle.importKey("raw", {}, params(), true, ["sign"]),
    "Import data provided for buffer-based import formats must be a buffer source.");
  await assertTypeError(subtle.importKey(), "Failed to execute 'importKey' on 'SubtleCrypto': parameter 1 is not of type 'string'.");
  await assertTypeError(subtle.importKey("raw", raw, {}, true, ["sign"]), 'Missing field "name" in "algorithm".');
});

test("importKey rejects other formats and algorithms with NotSupportedError", async () => {
  const raw = bytes("key");
  await assertDom(subtle.importKey("foo", raw, { name: "HMAC", hash: "SHA-256" }, true, ["sign"]), "NotSupportedError",
    'Unrecognized key import format "foo".');
  await assertDom(subtle.importKey("jwk", { kty: "oct", k: "a2V5" }, { name: "HMAC", hash: "SHA-256" }, true, ["sign"]), "NotSupportedError");
  await assertDom(subtle.importKey("spki", raw, { name: "HMAC", hash: "SHA-256" }, true, ["sign"]), "NotSupportedError");
  await assertDom(subtle.importKey("raw", raw, { name: "FOO" }, true, ["sign"]), "NotSupportedError",
    'Unrecognized key import algorithm "FOO" requested.');
  const e = await assertDom(subtle.importKey("raw", new Uint8Array(16), "aes-gcm", true, ["encrypt"]), "NotSupportedError");
  assertEquals(e.message, 'SubtleCrypto.importKey() with "AES-GCM" is not supported by this runtime yet.');
  await assertDom(subtle.importKey("raw", raw, { name: "PBKDF2" }, false, ["deriveBits"]), "NotSupportedError");
});

test("the operations not implemented yet reject with NotSupportedError naming them", async () => {
  const key = await hmacKey("SHA-256");
  const data = bytes("x");
  const cases = [
    ["encrypt", () => subtle.encrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, key, data), "AES-GCM"],
    ["decrypt", () => subtle.decrypt({ name: "RSA-OAEP" }, key, data), "RSA-OAEP"],
    ["generateKey", () => subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, true, ["sign"]), "HMAC"],
    ["deriveKey", () => subtle.deriveKey({ name: "PBKDF2" }, key, { name: "AES-GCM", length: 256 }, true, ["encrypt"]), "PBKDF2"],
    ["deriveBits", () => subtle.deriveBits({ name: "HKDF" }, key, 128), "HKDF"],
    ["wrapKey", () => subtle.wrapKey("raw", key, key, "AES-KW"), "AES-KW"],
    ["unwrapKey", () => subtle.unwrapKey("raw", data, key, { name: "AES-GCM" }, "HMAC", true, ["sign"]), "AES-GCM"],
  ];
  for (const [method, call, algorithm] of cases) {
    const promise = call();
    assert(promise instanceof Promise, method);
    await assertDom(promise, "NotSupportedError", `SubtleCrypto.${method}() with "${algorithm}" is not supported by this runtime yet.`);
  }
  await assertDom(subtle.encrypt("ROT13", key, data), "NotSupportedError",
    'Unrecognized or unimplemented algorithm "ROT13" requested for SubtleCrypto.encrypt().');
  await assertTypeError(subtle.encrypt(), "Failed to execute 'encrypt' on 'SubtleCrypto': parameter 1 is not of type 'string or EncryptAlgorithm'.");
  await assertTypeError(subtle.wrapKey(), "Failed to execute 'wrapKey' on 'SubtleCrypto': parameter 1 is not of type 'string'.");
});

test("timingSafeEqual compares buffer sources of equal length", () => {
  assertEquals(subtle.timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2])), true);
  assertEquals(subtle.timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3])), false);
  assertEquals(subtle.timingSafeEqual(new Uint8Array([1, 2]).buffer, new DataView(new Uint8Array([1, 2]).buffer)), true);
  assertEquals(subtle.timingSafeEqual(new Uint8Array(0), new ArrayBuffer(0)), true);
  const e = assertThrows(() => subtle.timingSafeEqual(new Uint8Array(2), new Uint8Array(1)), TypeError);
  assertEquals(e.message, "Input buffers must have the same byte length.");
  const f = assertThrows(() => subtle.timingSafeEqual("ab", "ab"), TypeError);
  assertEquals(f.message, "Failed to execute 'timingSafeEqual' on 'SubtleCrypto': parameter 1 is not of type 'BufferSource'.");
  const g = assertThrows(() => subtle.timingSafeEqual(new Uint8Array(2)), TypeError);
  assertEquals(g.message, "Failed to execute 'timingSafeEqual' on 'SubtleCrypto': parameter 2 is not of type 'BufferSource'.");
});
