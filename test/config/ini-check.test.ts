// iniProblems: the lines AWS's INI loader skips, found with its own rules, and only those.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadSharedConfigFiles, externalDataInterceptor } from "@smithy/shared-ini-file-loader";
import { iniProblems } from "../../src/config/ini-check";

const lineNumbers = (text: string) => iniProblems(text, "f").map((w) => Number(/^f line (\d+)/.exec(w)?.[1]));

test("a well-formed file, comments, blank lines, CRLF and sub-sections give nothing", () => {
  assert.deepEqual(iniProblems("", "f"), []);
  assert.deepEqual(iniProblems("# c\r\n; c\r\n[default]\r\nregion = x ; note\r\n\r\ns3 =\r\n  a = 1\r\n  b\r\n[profile p] # c\r\nk=v\r\n", "f"), []);
});

test("each kind of skipped line, by number", () => {
  // Line 4 is after a broken header but inside [a] still (the loader stays there): warned.
  assert.deepEqual(lineNumbers("k = v\n[a]\n[b\nx\n=y\n[c]\nok = 1\nnope\n"), [1, 3, 4, 5, 8]);
  assert.deepEqual(iniProblems("[a]\n=y\n", "f"), ['f line 2 has no name before "="; write it as name = value; AWS\'s tools ignore this line']);
});

test("after an unclosed header with no section before, the lines it swallows are not warned about again", () => {
  assert.deepEqual(lineNumbers("[profile a\nregion = x\nk = v\n[b]\nbad\n"), [1, 5]);
});

test("the lines warned about are lines the loader reads nothing from", async () => {
  const text = "[profile a]\nk = 1\nno equals here\n=v\n[profile b]\nm = 2\n";
  externalDataInterceptor.interceptFile("/ini-check/config", text);
  externalDataInterceptor.interceptFile("/ini-check/credentials", "");
  const files = await loadSharedConfigFiles({ filepath: "/ini-check/credentials", configFilepath: "/ini-check/config", ignoreCache: true });
  assert.deepEqual(files.configFile, { a: { k: "1" }, b: { m: "2" } });
  assert.deepEqual(lineNumbers(text), [3, 4]);
});
