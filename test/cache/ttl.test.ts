import { test } from "node:test";
import assert from "node:assert/strict";
import { UserError } from "../../src/errors";
import { isFresh, minTtlSeconds, parseSeconds } from "../../src/cache";
import { sampleEntry } from "./helpers";

test("minTtlSeconds: default, seconds and unit forms", () => {
  const table: Array<[string | undefined, number]> = [
    [undefined, 300], ["", 300], ["  ", 300], ["0", 0], ["600", 600], ["90s", 90], ["5m", 300], ["1h", 3600], ["1h30m", 5400], [" 10m ", 600], ["12h", 43200],
  ];
  for (const [raw, want] of table) assert.equal(minTtlSeconds({ SWITCHROLE_MIN_TTL: raw }), want, String(raw));
});

test("minTtlSeconds: a bad value is a usage error naming the variable", () => {
  for (const raw of ["abc", "-5", "5x", "1.5m", "m", "13h", "5 m"]) {
    assert.throws(
      () => minTtlSeconds({ SWITCHROLE_MIN_TTL: raw }),
      (e: unknown) => e instanceof UserError && e.exitCode === 2 && e.message.startsWith("SWITCHROLE_MIN_TTL=") && e.message.includes(JSON.stringify(raw)),
      raw,
    );
  }
  assert.equal(parseSeconds("2h5m10s"), 7510);
});

test("isFresh: needs at least the minimum remaining lifetime", () => {
  const now = Date.parse("2024-05-01T10:00:00Z");
  const entry = sampleEntry();
  entry.credentials.expiration = new Date(now + 300_000);
  assert.equal(isFresh(entry, now, 300), true, "exactly the minimum is enough");
  assert.equal(isFresh(entry, now + 1, 300), false, "one ms less is not");
  assert.equal(isFresh(entry, now, 0), true);
  assert.equal(isFresh(entry, now + 300_000, 0), true);
  assert.equal(isFresh(entry, now + 300_001, 0), false, "expired");
});
