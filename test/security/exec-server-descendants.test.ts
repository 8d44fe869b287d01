// `exec --server`'s endpoint used to close as soon as the command exited, while processes
// the command had left running (`sleep 5 & ...`, a daemon started with setsid) still held
// its URL and token: another local user who bound the port next got the token. Now the
// endpoint stays up until no process started with its token is left (/proc/<pid>/environ),
// and switchrole exits with the command's own code after that.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../helpers/emulator";
import { run } from "../helpers/home";
import { skipUnless } from "../helpers/programs";
import { cliHome, cliWorld } from "../cli/fixture";
import { tempDir } from "../helpers/tmp";

let emu: Emulator;
before(async () => {
  emu = await startEmulator(cliWorld());
});
after(async () => {
  await emu.stop();
});

/** A grandchild that waits, then fetches the endpoint with curl into $OUT (its stdio detached from switchrole's). */
const FETCH_LATER = `sleep 2; curl -s -o "$OUT/body" -w "%{http_code}" -H "authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN" "$AWS_CONTAINER_CREDENTIALS_FULL_URI" > "$OUT/status.tmp"; mv "$OUT/status.tmp" "$OUT/status"`;

for (const [how, launch] of [
  ["a backgrounded grandchild (same process group)", `(${FETCH_LATER}) </dev/null >/dev/null 2>&1 &`],
  ["a grandchild in a session of its own (setsid)", `setsid sh -c '${FETCH_LATER.replace(/'/g, `'\\''`)}' </dev/null >/dev/null 2>&1 &`],
] as const) {
  test(`exec --server: ${how} that fetches the URL after the command exits gets credentials; then the endpoint is closed`, { skip: skipUnless("curl", "setsid"), timeout: 60_000 }, async () => {
    await emu.reset();
    const { env } = cliHome(emu, { env: { AWS_PROFILE_ASSUME_ROLE: "nomfa" } });
    const out = tempDir("sr-exec-descendants-");
    const r = await run(["exec", "private_aws", "no_mfa_role", "--server", "--", "sh", "-c", `echo "$AWS_CONTAINER_CREDENTIALS_FULL_URI" > "$OUT/url"; ${launch} exit 3`], { ...env, OUT: out });
    // switchrole returned only after the grandchild's fetch: its result is already there.
    assert.equal(r.code, 3, r.stderr);
    assert.equal(r.stdout, "");
    assert.equal(readFileSync(join(out, "status"), "utf8"), "200");
    const body = JSON.parse(readFileSync(join(out, "body"), "utf8")) as Record<string, string>;
    assert.match(body.AccessKeyId ?? "", /^ASIA/);
    const assumed = (await emu.calls()).filter((c) => c.action === "AssumeRole" && c.status === 200);
    assert.equal(assumed.length, 1, "one AssumeRole, whose keys the grandchild got");
    assert.match(r.stderr, /switchrole: the command has exited; its endpoint stays up for the \d+ process(es)? holding its token \(pid \d+/);
    assert.ok(!r.stderr.includes(body.SecretAccessKey!) && !r.stderr.includes(body.Token!));
    // Nothing holds the URL any more, and nothing listens there.
    const url = readFileSync(join(out, "url"), "utf8").trim();
    await assert.rejects(fetch(url), (e: Error & { cause?: { code?: string } }) => e.cause?.code === "ECONNREFUSED");
  });
}
