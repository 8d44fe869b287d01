// --debug and SWITCHROLE_DEBUG=1: a bug's stack trace names the source files (src/*.ts,
// through the dist/*.js.map the build writes), not dist/commands/<name>.js:1:23456; without
// them, no stack and no source map is ever read. The bug here is a real one the built CLI
// has: `direnv install` with DIRENV_CONFIG under a regular file fails in mkdirSync (ENOTDIR)
// with no message of its own. (Once that becomes a proper UserError, pick another.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { run, ROOT, SWITCHROLE } from "../helpers/home";
import { tempDir } from "../helpers/tmp";

const home = tempDir("switchrole-debug-");
writeFileSync(join(home, "not-a-directory"), "");
const env: NodeJS.ProcessEnv = { HOME: home, PATH: process.env.PATH, DIRENV_CONFIG: join(home, "not-a-directory/direnv") };

// On exit: whether source maps were on, and whether Node holds a map for the dispatcher and
// the command bundle (it reads one only when they are on).
const hook = join(home, "maps-hook.cjs");
writeFileSync(
  hook,
  `process.on("exit", () => { const m = require("node:module"); const p = require("node:path");
  const mapped = ["dist/switchrole.js", "dist/commands/direnv.js"].filter((f) => m.findSourceMap(p.join(${JSON.stringify(ROOT)}, f)));
  process.stderr.write("[source maps: " + process.sourceMapsEnabled + " " + JSON.stringify(mapped) + "]\\n"); });\n`,
);

function install(args: string[], extra: NodeJS.ProcessEnv = {}, entry = SWITCHROLE) {
  return run(["--require", hook, entry, ...args], { ...env, ...extra }, { program: process.execPath });
}

const UNEXPECTED = "switchrole: unexpected error: ENOTDIR: not a directory, mkdir '" + join(home, "not-a-directory/direnv/lib") + "'";
const AT_ROOT = ROOT.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const frames = (stderr: string) => stderr.split("\n").filter((l) => /^ {4}at /.test(l));

test("without --debug: the message and the hint, no stack, no source map read", async () => {
  const r = await install(["direnv", "install"]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "");
  assert.equal(r.stderr, `${UNEXPECTED}\n  hint: run again with --debug for details, and please report it\n[source maps: false []]\n`);
});

for (const [how, args, extra] of [
  ["--debug", ["direnv", "install", "--debug"], {}],
  ["--debug before the command", ["--debug", "direnv", "install"], {}],
  ["SWITCHROLE_DEBUG=1", ["direnv", "install"], { SWITCHROLE_DEBUG: "1" }],
] as const) {
  test(`${how}: the stack names src/*.ts files, down to the dispatcher; no dist/ frame`, async () => {
    const r = await install([...args], extra);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    const lines = r.stderr.split("\n");
    assert.equal(lines[0], UNEXPECTED);
    assert.equal(lines[1], UNEXPECTED.replace("switchrole: unexpected error: ", "Error: "), "the stack follows");
    const stack = frames(r.stderr);
    assert.match(stack.join("\n"), new RegExp(`^ {4}at .* \\(${AT_ROOT}/src/commands/direnv\\.ts:\\d+:\\d+\\)$`, "m"), r.stderr);
    assert.match(stack.join("\n"), new RegExp(`^ {4}at .* \\(${AT_ROOT}/src/main\\.ts:\\d+:\\d+\\)$`, "m"), r.stderr);
    assert.deepEqual(stack.filter((l) => l.includes("/dist/")), [], "every frame of switchrole's is mapped");
    assert.match(r.stderr, /^\[source maps: true \["dist\/switchrole\.js","dist\/commands\/direnv\.js"\]\]$/m);
  });
}

test("a user error under --debug: its line and hint, then a stack in src/", async () => {
  const r = await install(["--debug", "no-such-command"]);
  assert.equal(r.code, 2);
  const lines = r.stderr.split("\n");
  assert.deepEqual(lines.slice(0, 3), ["switchrole: unknown command: no-such-command", "  hint: run `switchrole --help` for the list", "UserError: unknown command: no-such-command"]);
  assert.match(frames(r.stderr)[0] ?? "", new RegExp(`\\(${AT_ROOT}/src/errors\\.ts:\\d+:\\d+\\)$`), r.stderr);
});

test("node dist/switchrole.js --debug (not through bin/): the command bundle is mapped, the dispatcher loaded before cannot be", async () => {
  const r = await install(["direnv", "install", "--debug"], {}, join(ROOT, "dist/switchrole.js"));
  assert.equal(r.code, 1);
  assert.match(frames(r.stderr).join("\n"), new RegExp(`\\(${AT_ROOT}/src/commands/direnv\\.ts:\\d+:\\d+\\)$`, "m"), r.stderr);
  assert.match(r.stderr, /^\[source maps: true \["dist\/commands\/direnv\.js"\]\]$/m);
});
