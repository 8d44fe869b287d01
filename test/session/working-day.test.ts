// Issue 4's working day: one MFA prompt for 5 roles, 3 terminals and 20 directory entries
// over 8 hours; the seed's way (the MFA session living in each shell) needs one per shell.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ENTRIES, ROLES, TERMINALS, expectedAssumeRoles, schedule, workingDay } from "./working-day";

test("the schedule covers 8 hours, every terminal and every role", () => {
  const s = schedule();
  assert.equal(s.length, ENTRIES);
  assert.equal(s[0]!.minute, 0);
  assert.equal(s.at(-1)!.minute, 480);
  assert.equal(new Set(s.map((e) => e.terminal)).size, TERMINALS);
  assert.equal(new Set(s.map((e) => e.role)).size, ROLES);
});

test("a working day through the shared cache: exactly one MFA prompt", { timeout: 120_000 }, async (t) => {
  const day = await workingDay();
  t.diagnostic(`prompts=${day.prompts} sts=${day.stsCalls} (GetSessionToken ${day.getSessionTokens}, AssumeRole ${day.assumeRoles}) iam=${day.iamCalls}`);
  assert.deepEqual(day.failures, []);
  assert.equal(day.prompts, 1, "one MFA code for the whole day");
  assert.equal(day.getSessionTokens, 1, "one MFA session, shared by every terminal and role");
  // Entries are 25 minutes apart and role credentials last an hour: a role entered again
  // within the hour (with more than the 5-minute minimum left) is served from the cache.
  assert.equal(day.assumeRoles, expectedAssumeRoles());
  assert.ok(expectedAssumeRoles() < ENTRIES);
  assert.equal(day.stsCalls, 1 + expectedAssumeRoles());
  assert.equal(day.calls.filter((c) => c.status !== 200).length, 0, "no refused call");
});

test("the seed's way, an MFA session per shell: one prompt per terminal", { timeout: 120_000 }, async (t) => {
  const day = await workingDay({ cachePerShell: true });
  t.diagnostic(`prompts=${day.prompts} sts=${day.stsCalls}`);
  assert.deepEqual(day.failures, []);
  assert.equal(day.prompts, TERMINALS);
  assert.equal(day.getSessionTokens, TERMINALS);
});
