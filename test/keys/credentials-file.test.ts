// The credentials-file edits keys add and keys rotate make: one section by AWS's loader's
// rules (comments off, trimmed, `[name]`), everything else byte for byte.
import assert from "node:assert/strict";
import { test } from "node:test";
import { withKeys, withoutSection } from "../../src/keys/credentials-file";

const NEW = { accessKeyId: "AKIANEWKEY0000000001", secretAccessKey: "new/secret" };

const removals: Array<[string, string, string | undefined]> = [
  ["only section", "[bastion]\naws_access_key_id=A\naws_secret_access_key=S\n", ""],
  ["comments and blank lines after it stay, above the next", "[bastion]\na=1\n\n# about other\n[other]\nb=2\n", "\n# about other\n[other]\nb=2\n"],
  ["a comment after the header", "x\n  [bastion]  # mine\na=1\n[o]\n", "x\n[o]\n"],
  ["no trailing newline", "[o]\nb=2\n[bastion]\na=1", "[o]\nb=2\n"],
  ["CRLF", "[o]\r\nb=2\r\n[bastion]\r\na=1\r\n", "[o]\r\nb=2\r\n"],
  ["twice (the loader merges them)", "[bastion]\na=1\n[o]\nb=2\n[bastion]\nc=3\n", "[o]\nb=2\n"],
  ["a header without ] belongs to the section before", "[bastion]\na=1\n[broken\nb=2\n[o]\n", "[o]\n"],
  ["[ bastion ] is another profile to AWS", "[ bastion ]\na=1\n", undefined],
  ["missing", "[o]\nb=2\n", undefined],
  ["a prefix is not the name", "[bastion2]\na=1\n", undefined],
];

for (const [name, text, expected] of removals) {
  test(`withoutSection: ${name}`, () => assert.equal(withoutSection(text, "bastion"), expected));
}

const replacements: Array<[string, string, string | undefined]> = [
  ["spacing kept", "[bastion]\n  aws_access_key_id   =  OLD  \naws_secret_access_key=old\n", `[bastion]\n  aws_access_key_id   =  ${NEW.accessKeyId}  \naws_secret_access_key=${NEW.secretAccessKey}\n`],
  ["CRLF kept, other sections untouched", "[o]\r\naws_access_key_id=X\r\n[bastion]\r\naws_access_key_id=OLD\r\naws_secret_access_key=old\r\n", `[o]\r\naws_access_key_id=X\r\n[bastion]\r\naws_access_key_id=${NEW.accessKeyId}\r\naws_secret_access_key=${NEW.secretAccessKey}\r\n`],
  ["other settings kept", "[bastion]\nregion=x\naws_access_key_id=OLD\n# c\naws_secret_access_key=old\n", `[bastion]\nregion=x\naws_access_key_id=${NEW.accessKeyId}\n# c\naws_secret_access_key=${NEW.secretAccessKey}\n`],
  ["no key in the section", "[bastion]\nregion=x\n", undefined],
];

for (const [name, text, expected] of replacements) {
  test(`withKeys: ${name}`, () => assert.equal(withKeys(text, "bastion", NEW), expected));
}
