import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { cacheKey, canonicalJson, type KeyParts } from "../../src/cache";

const base: KeyParts = {
  kind: "role",
  sourceProfile: "bastion",
  sourceAccessKeyId: "AKIAEXAMPLE",
  mfaSerial: "arn:aws:iam::111111111111:mfa/alice",
  roleArn: "arn:aws:iam::123456789012:role/dev",
  externalId: "ext-1",
  sessionName: "alice",
  durationSeconds: 3600,
  region: "eu-west-1",
  stsEndpoint: "https://sts.eu-west-1.amazonaws.com",
};

test("key has the documented shape and is stable", () => {
  const k = cacheKey(base);
  assert.match(k, /^role-[0-9a-f]{32}$/);
  assert.equal(cacheKey({ ...base }), k);
  assert.match(cacheKey({ ...base, kind: "mfa-session", roleArn: undefined }), /^mfa-session-[0-9a-f]{32}$/);
});

const changes: Array<[string, Partial<KeyParts>]> = [
  ["kind", { kind: "mfa-session" }],
  ["source profile", { sourceProfile: "bastion2" }],
  ["source access key id (rotated keys)", { sourceAccessKeyId: "AKIAOTHER" }],
  ["MFA serial", { mfaSerial: "arn:aws:iam::111111111111:mfa/bob" }],
  ["role ARN (edited role_arn)", { roleArn: "arn:aws:iam::123456789012:role/admin" }],
  ["external id", { externalId: "ext-2" }],
  ["external id removed", { externalId: undefined }],
  ["session name", { sessionName: "bob" }],
  ["duration", { durationSeconds: 900 }],
  ["region", { region: "us-east-1" }],
  ["STS endpoint", { stsEndpoint: "http://127.0.0.1:4566" }],
];
for (const [what, change] of changes) {
  test(`changing the ${what} changes the key`, () => {
    assert.notEqual(cacheKey({ ...base, ...change }), cacheKey(base));
  });
}

test("an absent part and an undefined part give the same key", () => {
  const { externalId: _omit, ...without } = base;
  assert.equal(cacheKey({ ...base, externalId: undefined }), cacheKey(without as KeyParts));
});

test("property order never changes the key (random permutations)", () => {
  const entries = Object.entries(base);
  fc.assert(
    fc.property(fc.shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length }), (shuffled) => {
      assert.equal(cacheKey(Object.fromEntries(shuffled) as unknown as KeyParts), cacheKey(base));
    }),
  );
});

test("canonicalJson sorts nested keys and cannot be confused by separators inside values", () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [1, undefined], c: "x" } }), '{"a":{"c":"x","d":[1,null]},"b":1}');
  // A naive "join with |" would make these two equal.
  assert.notEqual(cacheKey({ ...base, sourceProfile: "a|b", sessionName: "c" }), cacheKey({ ...base, sourceProfile: "a", sessionName: "b|c" }));
});

test("fnv1a128 matches the published FNV-1a 128-bit test vectors", async () => {
  const { fnv1a128 } = await import("../../src/cache/key");
  assert.equal(fnv1a128(""), "6c62272e07bb014262b821756295c58d");
  assert.equal(fnv1a128("a"), "d228cb696f1a8caf78912b704e4a8964");
  assert.match(fnv1a128("foobar"), /^[0-9a-f]{32}$/);
  assert.notEqual(fnv1a128("foobar"), fnv1a128("foobaz"));
});
