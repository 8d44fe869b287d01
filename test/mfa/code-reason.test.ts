// Where a new code comes from when a cached MFA session was refused: the reason is said
// once before the code is got, or, with no one to ask, named in the one error line.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mfaCodeSource, mfaPrompt } from "../../src/mfa/code";
import { isUserError } from "../../src/errors";

const SERIAL = "arn:aws:iam::111111111111:mfa/bastion";
const REASON = `the cached MFA session for ${SERIAL} was refused by STS (InvalidClientTokenId; revoked?)`;

test("terminal: the reason is said, then the usual prompt", async () => {
  const said: string[] = [];
  const asked: string[] = [];
  const source = mfaCodeSource({ ask: async (q) => (asked.push(q), "123456"), say: (l) => void said.push(l), canAsk: () => true });
  assert.equal(await source(SERIAL, 0, REASON), "123456");
  assert.deepEqual(said, [`switchrole: ${REASON}; a new code is needed`]);
  assert.deepEqual(asked, ["MFA Token: "]);
  // Without a reason, nothing extra is said.
  await source(SERIAL, 0);
  assert.equal(said.length, 1);
});

test("no terminal: one error naming switchrole login, nothing asked or said", async () => {
  const said: string[] = [];
  const source = mfaCodeSource({ ask: async () => assert.fail("asked"), say: (l) => void said.push(l), canAsk: () => false });
  await assert.rejects(source(SERIAL, 0, REASON), (err: unknown) => {
    assert.ok(isUserError(err));
    assert.equal(err.message, `${REASON}; a new MFA code is needed, but there is no terminal to ask on`);
    assert.equal(err.hint, "run `switchrole login` in a terminal, then retry");
    return true;
  });
  assert.deepEqual(said, []);
});

test("--mfa-code and mfa_process: the reason is said and the code used", async () => {
  const said: string[] = [];
  const flag = mfaCodeSource({ flagCode: "654321", ask: async () => assert.fail("asked"), say: (l) => void said.push(l) });
  assert.equal(await flag(SERIAL, 0, REASON), "654321");
  const proc = mfaCodeSource({ mfaProcess: "echo 111222", ask: async () => assert.fail("asked"), say: (l) => void said.push(l) });
  assert.equal(await proc(SERIAL, 0, REASON), "111222");
  assert.deepEqual(said, [`switchrole: ${REASON}; a new MFA code is used`, `switchrole: ${REASON}; a new MFA code is used`]);
});

test("switchrole's own prompt names the device and what the code is for; the default stays the seed's", async () => {
  const asked: string[] = [];
  const own = mfaCodeSource({ ask: async (q) => (asked.push(q), "123456"), canAsk: () => true, prompt: mfaPrompt("private_aws/admin") });
  assert.equal(await own(SERIAL, 0), "123456");
  assert.equal(await own("arn:aws-cn:iam::222222222222:mfa/alice-phone", 0), "123456");
  assert.deepEqual(asked, ["MFA code (mfa/bastion) for private_aws/admin: ", "MFA code (mfa/alice-phone) for private_aws/admin: "]);
});
