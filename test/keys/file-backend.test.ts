// The encrypted file's format: AES-256-GCM under an scrypt key, the header authenticated
// too, so a changed byte anywhere, or a wrong passphrase, opens nothing.
import assert from "node:assert/strict";
import { test } from "node:test";
import { UserError } from "../../src/errors";
import { seal, unseal } from "../../src/keys/file-backend";

const ENTRIES = { bastion: { accessKeyId: "AKIAEXAMPLE000000001", secretAccessKey: "secret/of/bastion" } };

test("sealed: no key id or secret in the text, opened with the passphrase", () => {
  const text = seal(ENTRIES, "pass");
  assert.ok(!text.includes("AKIAEXAMPLE") && !text.includes("secret/of"));
  assert.deepEqual(unseal(text, "pass", "f"), ENTRIES);
  assert.notEqual(seal(ENTRIES, "pass"), text, "a new salt and IV each time");
});

test("a wrong passphrase, or a changed ciphertext, tag, IV or header, opens nothing", () => {
  const text = seal(ENTRIES, "pass");
  assert.equal(unseal(text, "Pass", "f"), undefined);
  const sealed = JSON.parse(text) as Record<string, unknown> & { kdf: Record<string, unknown> };
  const flip = (b64: string) => {
    const b = Buffer.from(b64, "base64");
    b[0] = (b[0] as number) ^ 1;
    return b.toString("base64");
  };
  for (const field of ["data", "tag", "iv"] as const) {
    assert.equal(unseal(JSON.stringify({ ...sealed, [field]: flip(sealed[field] as string) }), "pass", "f"), undefined, field);
  }
  assert.equal(unseal(JSON.stringify({ ...sealed, kdf: { ...sealed.kdf, salt: flip(sealed.kdf.salt as string) } }), "pass", "f"), undefined, "salt");
});

test("a file that is not switchrole's, or asks for huge scrypt costs, is one clear error", () => {
  assert.throws(() => unseal("not json", "p", "~/.config/switchrole/keys.enc"), (e: unknown) => e instanceof UserError && e.message === "~/.config/switchrole/keys.enc is not a switchrole key file");
  const sealed = JSON.parse(seal(ENTRIES, "p")) as { kdf: Record<string, unknown> };
  assert.throws(() => unseal(JSON.stringify({ ...sealed, kdf: { ...sealed.kdf, N: 2 ** 30 } }), "p", "f"), /scrypt parameters/);
});
