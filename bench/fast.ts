// Issue 11's ratios, all measured in this run, with and without NODE_EXTRA_CA_CERTS:
//   - `direnv export bash` with `use switchrole` served by the shell fast path, against an
//     .envrc with only `export FOO=bar` (target: at most 1.3x);
//   - a miss (the shell refuses the snapshot, Node serves from its cache) against today's
//     cached Node path (the library without the fast path): at most 1.1x, both when Node
//     finds its snapshot unchanged and when it writes it again;
//   - cached `sr` (bash, zsh, fish) and cached `assume-role` (bash), N calls inside one
//     long-lived shell, against N `node -e 0`: at least 10x faster; and in instructions
//     under callgrind (valgrind), one call against one `node -e 0`.
// Run: npm run build && node --import tsx bench/fast.ts   (BENCH_RUNS default 11, BENCH_CALLS default 20)
// (fish's first call in a shell spends one `stat`; later calls with the same snapshot contents do not.)
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../test/helpers/emulator";
import { BIN_DIR, run, SWITCHROLE } from "../test/helpers/home";
import { direnvHome } from "../test/direnv/setup";
import { libraryScript } from "../src/direnv/library";
import { init as posixInit } from "../src/shells/posix";
import { init as fishInit } from "../src/shells/fish";
import { fmt, timeInterleaved, withoutExtraCa, type Variant } from "./lib";

const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 11));
const CALLS = Math.max(5, Number(process.env.BENCH_CALLS ?? 20));
const TARGET = "private_aws sample_switch_role";

/** Today's library: the same text without the fast path (the Node path alone, as before issue 11). */
function nodeOnlyLibrary(): string {
  const lib = libraryScript(SWITCHROLE);
  const start = lib.indexOf("__switchrole_fast() {");
  const end = lib.indexOf("\n}\n", start) + 3;
  return (lib.slice(0, start) + lib.slice(end))
    .replace(/ {2}if __switchrole_fast direnv "\$@"; then\n[^\n]*\n[^\n]*\n {2}fi\n/, "")
    .replace("SWITCHROLE_FAST=direnv ", "")
    .replace("use_switchrole()", "use_switchrole_node()");
}

const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;

async function main(): Promise<void> {
  const emu = await startEmulator();
  const scratch = mkdtempSync(join(tmpdir(), "switchrole-bench-fast-"));
  try {
    const h = await direnvHome(emu);
    const primed = await run(["env", ...TARGET.split(" "), "--mfa-code", await emu.freshMfaCode(), "--shell", "json"], h.env);
    if (primed.code !== 0) throw new Error(`priming the cache failed: ${primed.stderr}`);
    // The AWS files older than any snapshot written from here on (in whole seconds too).
    for (const f of ["config", "credentials", "accounts"]) {
      const t = Date.now() / 1000 - 60;
      utimesSync(join(h.home, ".aws", f), t, t);
    }
    const oldLib = join(scratch, "node-only.sh");
    writeFileSync(oldLib, nodeOnlyLibrary());
    const dirs = {
      foo: await h.project("foo", "export FOO=bar\n"),
      fast: await h.project("fast", `use switchrole ${TARGET}\n`),
      node: await h.project("node", `source ${oldLib}\nuse_switchrole_node ${TARGET}\n`),
    };
    const cache = join(h.home, ".cache/switchrole");
    const snapshot = () => join(cache, readdirSync(cache).find((n) => n.startsWith("fast-direnv+"))!);
    const dummy = join(scratch, "dummy");
    writeFileSync(dummy, "");
    // Each variant runs under sh with one `touch`, so the variants that need one (a stale snapshot) cost the same.
    const direnvIn = (name: string, dir: string, touch: string, env: NodeJS.ProcessEnv): Variant => ({
      name,
      command: "sh",
      args: ["-c", `touch -d @1000 "$1"; cd "$2" && exec direnv export bash`, "sh", touch, dir],
      env,
    });

    // Node leaves the direnv snapshot on the first entry.
    execFileSync("direnv", ["export", "bash"], { cwd: dirs.fast, env: h.env, stdio: "ignore" });
    execFileSync("direnv", ["export", "bash"], { cwd: dirs.fast, env: h.env, stdio: "ignore" });
    const snap = snapshot();

    for (const [label, base] of [["NODE_EXTRA_CA_CERTS as set here", h.env], ["without NODE_EXTRA_CA_CERTS", withoutExtraCa(h.env)]] as const) {
      console.log(`\n--- ${label} (${base.NODE_EXTRA_CA_CERTS ? "set" : "unset"}) ---`);
      const noLoadable = { ...base, BASH_LOADABLES_PATH: "/nonexistent" };
      const t = timeInterleaved(
        [
          direnvIn("export FOO=bar", dirs.foo, dummy, base),
          direnvIn("use switchrole, fast path", dirs.fast, dummy, base),
          direnvIn("today's library (Node path)", dirs.node, dummy, base),
          direnvIn("miss, snapshot unchanged", dirs.fast, dummy, noLoadable),
          direnvIn("miss, snapshot rewritten", dirs.fast, snap, base),
        ],
        RUNS,
      );
      console.log(`direnv export bash, median of ${RUNS} interleaved runs:`);
      for (const [name, ms] of t) console.log(`  ${name.padEnd(32)} ${fmt(ms)}`);
      const today = t.get("today's library (Node path)")!;
      console.log(`  fast path / export FOO=bar:       ${ratio(t.get("use switchrole, fast path")!, t.get("export FOO=bar")!)} (target <= 1.3x)`);
      console.log(`  miss (unchanged) / today's:       ${ratio(t.get("miss, snapshot unchanged")!, today)} (target <= 1.1x)`);
      console.log(`  miss (rewritten) / today's:       ${ratio(t.get("miss, snapshot rewritten")!, today)} (target <= 1.1x)`);
      // Leave a fresh snapshot for the next round.
      execFileSync("direnv", ["export", "bash"], { cwd: dirs.fast, env: base, stdio: "ignore" });
      shellCalls(base, scratch);
    }
    callgrind(h.env, scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    await emu.stop();
  }
}

interface ShellBench {
  name: string;
  program: string;
  args: string[];
  load: string;
  call: string;
  loop: (body: string) => string;
}

function shells(scratch: string): ShellBench[] {
  const file = (name: string, text: string) => (writeFileSync(join(scratch, name), text), join(scratch, name));
  const bashInit = file("init.bash", posixInit("bash", SWITCHROLE));
  const zshInit = file("init.zsh", posixInit("zsh", SWITCHROLE));
  const fishInitFile = file("init.fish", fishInit(SWITCHROLE));
  const posixLoop = (body: string) => `i=0; while [ $i -lt ${CALLS} ]; do ${body}; i=$((i+1)); done`;
  return [
    { name: "sr (bash)", program: "bash", args: ["--norc", "--noprofile", "-c"], load: `. ${bashInit}`, call: `sr ${TARGET}`, loop: posixLoop },
    { name: "sr (zsh)", program: "zsh", args: ["-f", "-c"], load: `. ${zshInit}`, call: `sr ${TARGET}`, loop: posixLoop },
    { name: "sr (fish)", program: "fish", args: ["--no-config", "-c"], load: `source ${fishInitFile}`, call: `sr ${TARGET}`, loop: (b) => `for i in ${Array.from({ length: CALLS }, (_, i) => i).join(" ")}; ${b}; end` },
    { name: "assume-role (bash)", program: "bash", args: ["--norc", "--noprofile", "-c"], load: `. ${join(BIN_DIR, "assume-role")}`, call: `assume-role ${TARGET}`, loop: posixLoop },
  ];
}

/** N cached calls inside one shell against N `node -e 0` from the same shell; per call, the shell's start subtracted. */
function shellCalls(env: NodeJS.ProcessEnv, scratch: string): void {
  const list = shells(scratch);
  // Node serves each once, leaving its snapshot.
  for (const s of list) {
    const r = spawnSync(s.program, [...s.args, `${s.load}\n${s.call}\n${s.call}`], { env, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${s.name}: ${r.stderr}`);
  }
  const variants: Variant[] = [];
  for (const s of list) {
    variants.push({ name: `${s.name}: load`, command: s.program, args: [...s.args, `${s.load}`], env });
    variants.push({ name: `${s.name}: load + ${CALLS} calls`, command: s.program, args: [...s.args, `${s.load}\n${s.loop(`${s.call} 2>/dev/null`)}`], env });
  }
  variants.push({ name: "bash: nothing", command: "bash", args: ["--norc", "--noprofile", "-c", "true"], env });
  variants.push({ name: `bash: ${CALLS} node -e 0`, command: "bash", args: ["--norc", "--noprofile", "-c", list[0]!.loop(`${JSON.stringify(process.execPath)} -e 0`)], env });
  const t = timeInterleaved(variants, Math.max(5, Math.floor(RUNS / 2)));
  const node = (t.get(`bash: ${CALLS} node -e 0`)! - t.get("bash: nothing")!) / CALLS;
  console.log(`${CALLS} calls inside one shell (median of ${Math.max(5, Math.floor(RUNS / 2))} runs), per call:`);
  console.log(`  node -e 0                        ${fmt(node)}`);
  for (const s of list) {
    const per = (t.get(`${s.name}: load + ${CALLS} calls`)! - t.get(`${s.name}: load`)!) / CALLS;
    console.log(`  ${s.name.padEnd(32)} ${fmt(per)}  (${(node / per).toFixed(1)}x faster than node -e 0; target >= 10x)`);
  }
}

/** Instructions (callgrind, children included) of one cached call against one `node -e 0`. */
function callgrind(env: NodeJS.ProcessEnv, scratch: string): void {
  if (spawnSync("valgrind", ["--version"]).status !== 0) {
    console.log("callgrind: valgrind is not installed");
    return;
  }
  const out = join(scratch, "cg");
  mkdirSync(out, { recursive: true });
  const instructions = (program: string, args: string[]): number => {
    const file = join(out, `cg.${Math.random().toString(36).slice(2)}`);
    const r = spawnSync("valgrind", ["--tool=callgrind", "--trace-children=yes", `--callgrind-out-file=${file}.%p`, program, ...args], { env: withoutExtraCa(env), encoding: "utf8" });
    if (r.status !== 0) throw new Error(`callgrind ${program}: ${r.stderr.split("\n").slice(-3).join(" ")}`);
    return [...r.stderr.matchAll(/Collected : (\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
  };
  const node = instructions(process.execPath, ["-e", "0"]);
  console.log(`\ncallgrind instructions (children included, without NODE_EXTRA_CA_CERTS):`);
  console.log(`  node -e 0                        ${(node / 1e6).toFixed(1)}M`);
  for (const s of shells(scratch)) {
    const loaded = instructions(s.program, [...s.args, s.load]);
    const once = instructions(s.program, [...s.args, `${s.load}\n${s.call} 2>/dev/null`]);
    const more = instructions(s.program, [...s.args, `${s.load}\n${s.call} 2>/dev/null\n${s.loop(`${s.call} 2>/dev/null`)}`]);
    const first = once - loaded;
    const later = (more - once) / CALLS;
    console.log(
      `  ${s.name.padEnd(32)} ${(later / 1e6).toFixed(2)}M a call in a long-lived shell (${(node / later).toFixed(1)}x fewer than node -e 0); the first ${(first / 1e6).toFixed(2)}M (${(node / first).toFixed(1)}x)`,
    );
  }
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exitCode = 1;
});
