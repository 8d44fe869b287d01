// The shell fast path's snapshots (issue 11): beside the role entries, `fast-<front>+<args>`
// holds what `sr`, `use switchrole` or `assume-role` would export, until when, and the
// conditions under which that holds, so the shell can serve a cached role without Node.
// Node stays the authority: it writes a snapshot after serving a role, only when it
// changed, and the shell (src/shells/fast.ts) uses one only when every condition holds.
//
// The file is NUL-separated fields, in this order (every count is a decimal number):
//   switchrole-fast 1 | deadline (s) | expiry (s) | state file mtime (s, or -) | say | who
//   | N | N args | F | F paths that exist (none newer than the snapshot) | A | A paths that do not
//   | names not exported (space-separated) | names unexported or equal (~) | their values
//   | names exported | their values | names to export | their values | names to unset | end
// The T names must be unexported or exported with that value: AWS_REGION and
// AWS_DEFAULT_REGION, whose only effect is to become the region exported, so the region a
// previous `sr` exported does not send the next `sr` to Node. The P names must be exported
// with that value. Names are [A-Z0-9_] only, so a list of them is one field the shell
// splits on spaces (few statements: bash spends ~25k instructions on each).
// That is bash's and zsh's layout; fish's (`switchrole-fast-fish 1`, see fishFields) holds
// the same facts, with the lists where a header says, as fish slices lists cheaply and
// splits or counts them dearly.
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { EnvVars } from "../types";
import { accountsFile, configFile, credentialsFile } from "../config/paths";
import { metaFile } from "../keys/meta";
import { cacheDir, stateFile } from "./paths";

export const FAST_MAGIC = "switchrole-fast 1";
/** fish reads its own layout (see fishFields). */
export const FAST_MAGIC_FISH = "switchrole-fast-fish 1";
/** Who may ask for a snapshot (SWITCHROLE_FAST), and the arguments its wrapper adds around the user's. */
export const FRONTS = ["sr-bash", "sr-zsh", "sr-fish", "direnv", "ar"] as const;
export type Front = (typeof FRONTS)[number];

const MAX_NAME_BYTES = 200;

/** The snapshot's file name: the front and each argument, with % / + and newline escaped (injective, no hashing). */
export function fastName(front: Front, args: readonly string[]): string | undefined {
  let name = `fast-${front}`;
  for (const a of args) name += `+${a.replaceAll("%", "%25").replaceAll("/", "%2F").replaceAll("+", "%2B").replaceAll("\n", "%0A")}`;
  return Buffer.byteLength(name) <= MAX_NAME_BYTES && !name.includes("\0") ? name : undefined;
}

/** The front SWITCHROLE_FAST names, if any. */
export function frontOf(env: NodeJS.ProcessEnv): Front | undefined {
  const v = env.SWITCHROLE_FAST;
  return (FRONTS as readonly string[]).includes(v ?? "") ? (v as Front) : undefined;
}

// Read by resolution but never a condition: one-time codes (secret, unused on a hit), the
// marker itself and direnv's per-run start time.
// HOME and XDG_CACHE_HOME are not conditions either: they place the snapshot itself (the
// shell finds it where they say, and the files resolution reads are checked by path).
const NOT_RECORDED = new Set(["SWITCHROLE_FAST", "SWITCHROLE_MFA_CODE", "SWITCHROLE_MFA_TOKEN", "SWITCHROLE_DIRENV_T0", "SWITCHROLE_DIRENV_CONFIG"]);
const RECORDED = /^(AWS_[A-Z0-9_]*|SWITCHROLE_[A-Z0-9_]*|ACCOUNTS_FILE)$/;
/** Always conditions, even when this run did not read them (main reads SWITCHROLE_DEBUG; the files' places). */
const ALWAYS = ["AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "ACCOUNTS_FILE", "XDG_CONFIG_HOME", "SWITCHROLE_MIN_TTL", "SWITCHROLE_DEBUG"];

/** The environment, recording which variables the run reads (they become the snapshot's conditions). */
export function recordingEnv(env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; reads: Set<string> } {
  const reads = new Set<string>(ALWAYS);
  const note = (name: string | symbol) => {
    if (typeof name === "string" && RECORDED.test(name) && !NOT_RECORDED.has(name)) reads.add(name);
  };
  const proxy = new Proxy(env, {
    get: (t, name) => (note(name), Reflect.get(t, name)),
    has: (t, name) => (note(name), Reflect.has(t, name)),
    getOwnPropertyDescriptor: (t, name) => (note(name), Reflect.getOwnPropertyDescriptor(t, name)),
  });
  return { env: proxy, reads };
}

export interface FastOutcome {
  front: Front;
  /** The user's arguments, as the shell function got them. */
  args: readonly string[];
  vars: EnvVars;
  /** Role expiry, and the last moment (ms) the output holds (expiry minus the minimum lifetime). */
  expiresAt: number;
  deadline: number;
  /** Printed on stderr as is; then `switchrole: <who>, <time left> left` when who is set. */
  say: string;
  who: string;
}

const mtimeSeconds = (ms: number) => Math.floor(ms / 1000);

/** The files whose change changes the result (the AWS files, accounts, switchrole's keys.json), as they are now: [path, mtime in s or undefined]. */
function watchedFiles(env: NodeJS.ProcessEnv): Array<[string, number | undefined]> {
  // keys.json: which source profiles take their keys from the keyring (keys add, rotate, remove).
  return [configFile(env), credentialsFile(env), accountsFile(env), metaFile(env)].map((p) => [p, statSync(p, { throwIfNoEntry: false })?.mtimeMs]);
}

function stateMtime(dir: string): string {
  const st = lstatSync(stateFile(dir), { throwIfNoEntry: false });
  return st?.isFile() ? String(mtimeSeconds(st.mtimeMs)) : "-";
}

const REGION_LIKE = new Set(["AWS_REGION", "AWS_DEFAULT_REGION"]);

const NAME = /^[A-Z_][A-Z0-9_]*$/;

/** The env conditions as the three groups the file holds: not exported, unexported-or-this (~), exactly this (+). */
function conditions(names: string[], env: NodeJS.ProcessEnv, vars: EnvVars): { unset: string[]; either: string[][]; exact: string[][] } {
  const out = { unset: [] as string[], either: [] as string[][], exact: [] as string[][] };
  for (const name of names) {
    const value = env[name];
    const exported = REGION_LIKE.has(name) ? vars.find(([n]) => n === name)?.[1] : undefined;
    if (value !== undefined) out.exact.push([name, value]);
    else if (typeof exported === "string") out.either.push([name, exported]);
    else out.unset.push(name);
  }
  return out;
}

/** Whether every name fits the file's lists (always, for the names switchrole reads and exports). */
export function namesFit(names: Iterable<string>): boolean {
  for (const n of names) if (!NAME.test(n)) return false;
  return true;
}

/** What a snapshot says, in either layout. */
export interface SnapshotFields {
  magic: string;
  deadline: string;
  expiry: string;
  state: string;
  say: string;
  who: string;
  args: string[];
  present: string[];
  absent: string[];
  unset: string[];
  either: Array<[string, string]>;
  exact: Array<[string, string]>;
  exports: Array<[string, string]>;
  removes: string[];
}

export function snapshotText(o: FastOutcome, env: NodeJS.ProcessEnv, reads: Iterable<string>, dir = cacheDir(env)): string {
  const files = watchedFiles(env);
  const names = [...new Set(reads)].sort();
  const c = conditions(names, env, o.vars);
  const s: SnapshotFields = {
    magic: o.front === "sr-fish" ? FAST_MAGIC_FISH : FAST_MAGIC,
    deadline: String(Math.floor(o.deadline / 1000)),
    expiry: String(Math.floor(o.expiresAt / 1000)),
    state: stateMtime(dir),
    say: o.say,
    who: o.who,
    args: [...o.args],
    present: files.filter(([, m]) => m !== undefined).map(([p]) => p),
    absent: files.filter(([, m]) => m === undefined).map(([p]) => p),
    unset: c.unset,
    either: c.either as Array<[string, string]>,
    exact: c.exact as Array<[string, string]>,
    exports: o.vars.filter((v): v is [string, string] => v[1] !== null),
    removes: o.vars.filter(([, v]) => v === null).map(([n]) => n),
  };
  const fields = o.front === "sr-fish" ? fishFields(s, stateFile(dir)) : posixFields(s);
  return `${fields.join("\0")}\0`;
}

/** bash and zsh walk the fields in order; a list of names is one space-separated field (few statements: bash spends ~25k instructions on each). */
function posixFields(s: SnapshotFields): string[] {
  const names = (pairs: Array<[string, string]>) => [pairs.map(([n]) => n).join(" "), ...pairs.map(([, v]) => v)];
  return [
    s.magic,
    s.deadline,
    s.expiry,
    s.state,
    s.say,
    s.who,
    String(s.args.length),
    ...s.args,
    String(s.present.length),
    ...s.present,
    String(s.absent.length),
    ...s.absent,
    s.unset.join(" "),
    ...names(s.either),
    ...names(s.exact),
    ...names(s.exports),
    s.removes.join(" "),
    "end",
  ];
}

// fish's layout: every name and value its own field, and a header of where each list is
// (fish indices, from 1), so the function slices the list it read (`$m[$m[8]..$m[9]]`)
// instead of splitting fields and counting, each of which costs fish a command substitution
// (~75 us, against ~5 us a statement). An empty list is at N+1..N+1 (past the end: fish
// gives nothing; a reversed range would give two fields). The state file's mtime is field 4
// as in bash's layout, or empty when there was none (then the state file is an absent one).
// Header, after the six common fields:
//   7 N (the fields, "end" the last) | 8,9 args | 10,11 the paths fish takes mtimes of
//   after the snapshot's: the state file (when there is one), then the files that exist |
//   12 how many mtimes it gets, the snapshot's age the last (T) | 13 where the state
//   file's is among them (T+1 when none) | 14,15 where those files' are (T+1 when none) |
//   16,17 absent files | 18 their count | 19,20 names not exported | 21 their count |
//   22,23 names unexported or equal | 24,25 their values | 26,27 names exported |
//   28,29 their values | 30,31 names to export | 32,33 their values | 34,35 names to unset
//   | 36 their count
const FISH_HEADER = 30;
const FISH_LISTS = ["args", "stamped", "absent", "unset", "eitherNames", "eitherValues", "exactNames", "exactValues", "exportNames", "exportValues", "removes"] as const;

function fishFields(s: SnapshotFields, statePath: string): string[] {
  const state = s.state === "-" ? [] : [statePath];
  const lists: Record<(typeof FISH_LISTS)[number], string[]> = {
    args: s.args,
    stamped: [...state, ...s.present],
    absent: s.state === "-" ? [...s.absent, statePath] : s.absent,
    unset: s.unset,
    eitherNames: s.either.map(([n]) => n),
    eitherValues: s.either.map(([, v]) => v),
    exactNames: s.exact.map(([n]) => n),
    exactValues: s.exact.map(([, v]) => v),
    exportNames: s.exports.map(([n]) => n),
    exportValues: s.exports.map(([, v]) => v),
    removes: s.removes,
  };
  const total = 6 + FISH_HEADER + FISH_LISTS.reduce((sum, k) => sum + lists[k].length, 0) + 1;
  const range: Partial<Record<(typeof FISH_LISTS)[number], string[]>> = {};
  let at = 6 + FISH_HEADER + 1;
  for (const k of FISH_LISTS) {
    const n = lists[k].length;
    range[k] = (n ? [at, at + n - 1] : [total + 1, total + 1]).map(String);
    at += n;
  }
  const r = (k: (typeof FISH_LISTS)[number]) => range[k]!;
  // The mtimes: the snapshot's, the state file's (if any), the files', the snapshot's age.
  const times = 1 + state.length + s.present.length + 1;
  const files = s.present.length ? [2 + state.length, 1 + state.length + s.present.length] : [times + 1, times + 1];
  const header = [
    String(total),
    ...r("args"),
    ...r("stamped"),
    String(times),
    String(state.length ? 2 : times + 1),
    ...files.map(String),
    ...r("absent"),
    String(lists.absent.length),
    ...r("unset"),
    String(s.unset.length),
    ...r("eitherNames"),
    ...r("eitherValues"),
    ...r("exactNames"),
    ...r("exactValues"),
    ...r("exportNames"),
    ...r("exportValues"),
    ...r("removes"),
    String(s.removes.length),
  ];
  if (header.length !== FISH_HEADER) throw new Error("fish snapshot header");
  return [s.magic, s.deadline, s.expiry, state.length ? s.state : "", s.say, s.who, ...header, ...FISH_LISTS.flatMap((k) => lists[k]), "end"];
}

/** A snapshot's text read back (either layout), or undefined when it is not one this switchrole writes. */
export function parseSnapshot(text: string): SnapshotFields | undefined {
  const m = text.split("\0");
  if (m.pop() !== "" || m.at(-1) !== "end") return undefined;
  const [magic = "", deadline = "", expiry = "", state = "", say = "", who = ""] = m;
  const base = { magic, deadline, expiry, state, say, who };
  const pairs = (names: string[], values: string[]) => names.map((n, i): [string, string] => [n, values[i] ?? ""]);
  if (magic === FAST_MAGIC_FISH) {
    const h = m.slice(6, 6 + FISH_HEADER).map(Number);
    if (h.length !== FISH_HEADER || h[0] !== m.length) return undefined;
    const list = (i: number) => m.slice(h[i]! - 1, h[i + 1]!);
    // The state file leads the stamped paths, or ends the absent ones when there was none.
    const stamped = list(3);
    const absent = list(9);
    const noState = state === "";
    return {
      ...base,
      state: noState ? "-" : state,
      args: list(1),
      present: noState ? stamped : stamped.slice(1),
      absent: noState ? absent.slice(0, -1) : absent,
      unset: list(12),
      either: pairs(list(15), list(17)),
      exact: pairs(list(19), list(21)),
      exports: pairs(list(23), list(25)),
      removes: list(27),
    };
  }
  if (magic !== FAST_MAGIC) return undefined;
  let i = 6;
  const counted = () => m.slice(i + 1, (i += 1 + Number(m[i])));
  const args = counted();
  const present = counted();
  const absent = counted();
  const words = () => (m[i++] ?? "").split(" ").filter(Boolean);
  const unset = words();
  const named = () => {
    const n = words();
    const v = m.slice(i, (i += n.length));
    return pairs(n, v);
  };
  const either = named();
  const exact = named();
  const exports = named();
  return { ...base, args, present, absent, unset, either, exact, exports, removes: words() };
}

const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = constants;

/** A snapshot file's text when it is a regular file of ours (not a link), else undefined. */
export function readSnapshot(path: string): { text: string; mtimeMs: number; trusted: boolean } | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > 1024 * 1024) return undefined;
    const buf = Buffer.alloc(st.size);
    let got = 0;
    while (got < st.size) {
      const n = readSync(fd, buf, got, st.size - got, got);
      if (n === 0) break;
      got += n;
    }
    const uid = process.getuid?.();
    return { text: buf.subarray(0, got).toString("utf8"), mtimeMs: st.mtimeMs, trusted: (uid === undefined || st.uid === uid) && (st.mode & 0o022) === 0 };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The cache directory when it is ours, a real directory and not group/world-writable. */
function ownDir(dir: string): boolean {
  const st = lstatSync(dir, { throwIfNoEntry: false });
  const uid = process.getuid?.();
  return st !== undefined && st.isDirectory() && (uid === undefined || st.uid === uid) && (st.mode & 0o022) === 0;
}

/**
 * Writes the snapshot for what a wrapper just got, unless the one there already says the
 * same and no watched file is as new as it (in whole seconds: fish's clock). Never fails
 * the command: a snapshot is only an optimisation.
 */
export async function writeSnapshot(o: FastOutcome, env: NodeJS.ProcessEnv, reads: Iterable<string>): Promise<void> {
  try {
    const dir = cacheDir(env);
    const name = fastName(o.front, o.args);
    if (!name || !ownDir(dir) || !namesFit([...reads, ...o.vars.map(([n]) => n)])) return;
    const path = join(dir, name);
    // A file changed while this run read it: what it got may not be what the file says now.
    // (The process's start from uptime: `performance` would load perf_hooks, ~2 ms.)
    const started = Date.now() - process.uptime() * 1000;
    if (watchedFiles(env).some(([, m]) => m !== undefined && m >= started)) return removeSnapshot(o.front, o.args, env);
    const text = snapshotText(o, env, reads, dir);
    const old = readSnapshot(path);
    if (old?.trusted && old.text === text && watchedFiles(env).every(([, m]) => m === undefined || mtimeSeconds(m) < mtimeSeconds(old.mtimeMs))) return;
    // Atomic by rename, without write-file-atomic: loading it costs 7-14 ms here, more than
    // the miss budget (issue 11: a miss within 1.1x of the cached Node path), and in our own
    // 0700 directory (ownDir) an exclusive 0600 temporary file is all it would add. No fsync:
    // a snapshot lost in a crash is written again by the next Node run. A temporary file a
    // kill leaves is `fast-...`, so clear and logout remove it with the snapshots.
    const tmp = `${path}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, text, { mode: 0o600, flag: "wx" });
      renameSync(tmp, path);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
  } catch {
    // The Node path served the role; the shell just keeps using it next time.
  }
}

/** Removes a wrapper's snapshot (its output no longer holds: a warning was said, --endpoint, ...). */
export function removeSnapshot(front: Front, args: readonly string[], env: NodeJS.ProcessEnv): void {
  const name = fastName(front, args);
  if (!name) return;
  try {
    unlinkSync(join(cacheDir(env), name));
  } catch {
    // none there
  }
}

/**
 * Whether a run with these flags may leave a snapshot: not one that must reach STS or
 * skip the cache (--refresh, --no-cache), one for the endpoint, one with --debug output,
 * or one whose arguments hold an MFA code (it would be in the file's name).
 */
export function snapshotAllowed(values: { "mfa-code"?: string; refresh?: boolean; "no-cache"?: boolean; endpoint?: boolean; debug?: boolean; oneline?: boolean }): boolean {
  return values["mfa-code"] === undefined && !values.refresh && !values["no-cache"] && !values.endpoint && !values.debug && !values.oneline;
}

/** The user's arguments inside what a wrapper passed (see src/shells/fast.ts), or undefined when it is not that shape. */
export function wrapperArgs(front: Front, argv: readonly string[]): string[] | undefined {
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (front === "direnv") return same(argv.slice(-2), ["--shell", "bash"]) ? argv.slice(0, -2) : undefined;
  const head = front === "ar" ? ["--shell", "bash"] : ["--shell", front.slice(3), "--verbose"];
  return same(argv.slice(0, head.length), head) ? argv.slice(head.length) : undefined;
}

/**
 * For a command a wrapper ran: the environment it reads through (recorded) and its stderr
 * (kept), so that the snapshot says what a hit says and holds while what was read holds.
 */
export function capture<C extends { env: NodeJS.ProcessEnv; io: { err(text: string): void } }>(ctx: C): { ctx: C; reads: Set<string>; said: () => string } {
  const { env, reads } = recordingEnv(ctx.env);
  let said = "";
  const inner = ctx.io as C["io"] & { out(text: string): void; readonly stdoutIsTTY: boolean };
  // Not a spread: that would read stdoutIsTTY, whose getter builds process.stdout.
  const io = {
    out: (text: string) => inner.out(text),
    err: (text: string) => ((said += text), inner.err(text)),
    get stdoutIsTTY() {
      return inner.stdoutIsTTY;
    },
  };
  return { ctx: { ...ctx, env, io }, reads, said: () => said };
}

/** Removes every snapshot in the directory (clear, logout): they are derived from the entries. */
export function removeAllSnapshots(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    if (!n.startsWith("fast-")) continue;
    try {
      unlinkSync(join(dir, n));
    } catch {
      // gone already
    }
  }
}

export interface FastVerdict {
  front: Front;
  /** "sr (bash)", "use switchrole (direnv)", ... */
  label: string;
  file: string;
  /** True when the shell would serve it now; else why not. */
  serves: boolean;
  why: string;
  /** Unix seconds until which it serves. */
  until?: number;
}

const WHO: Record<Front, string> = { "sr-bash": "sr (bash)", "sr-zsh": "sr (zsh)", "sr-fish": "sr (fish)", direnv: "use switchrole (direnv)", ar: "assume-role" };

/** What the shell function of each front would do with these arguments now, as Node sees it (`switchrole plan`). */
export function explainFast(args: readonly string[], env: NodeJS.ProcessEnv, nowMs: number): FastVerdict[] {
  const dir = cacheDir(env);
  const out: FastVerdict[] = [];
  for (const front of FRONTS) {
    const name = fastName(front, args);
    if (!name) continue;
    const file = join(dir, name);
    const st = lstatSync(file, { throwIfNoEntry: false });
    if (!st) continue;
    const why = whyNot(front, args, file, st, dir, env, nowMs);
    const until = Number(parseSnapshot(readSnapshot(file)?.text ?? "")?.deadline);
    out.push({ front, label: WHO[front], file, serves: why === undefined, why: why ?? "served by the shell, no process started", ...(why === undefined ? { until } : {}) });
  }
  return out;
}

function whyNot(front: Front, args: readonly string[], file: string, st: import("node:fs").Stats, dir: string, env: NodeJS.ProcessEnv, nowMs: number): string | undefined {
  const uid = process.getuid?.();
  const dst = lstatSync(dir, { throwIfNoEntry: false });
  if (st.isSymbolicLink()) return `${file} is a symlink`;
  if (!st.isFile()) return `${file} is not a regular file`;
  if (uid !== undefined && st.uid !== uid) return `${file} is owned by uid ${st.uid}, not you`;
  if (st.mode & 0o022) return `${file} is writable by others (mode ${(st.mode & 0o777).toString(8)})`;
  if (!dst?.isDirectory()) return `${dir} is ${dst?.isSymbolicLink() ? "a symlink" : "not a directory"}`;
  if (uid !== undefined && dst.uid !== uid) return `${dir} is owned by uid ${dst.uid}, not you`;
  if (dst.mode & 0o022) return `${dir} is writable by others (mode ${(dst.mode & 0o777).toString(8)})`;
  const m = parseSnapshot(readSnapshot(file)?.text ?? "");
  if (!m || m.magic !== (front === "sr-fish" ? FAST_MAGIC_FISH : FAST_MAGIC)) return `${file} is not a snapshot this switchrole writes`;
  if (Number(m.deadline) * 1000 <= nowMs) return "the credentials are too close to expiry (expiry minus SWITCHROLE_MIN_TTL has passed): the Node path refreshes them";
  if (m.state !== stateMtime(dir)) return "the cache changed since it was written (a fetch, clear or login): the next run rewrites it";
  if (m.args.length !== args.length || args.some((a, i) => m.args[i] !== a)) return "the arguments differ";
  for (const [there, paths] of [[true, m.present], [false, m.absent]] as const) {
    for (const p of paths) {
      const fst = statSync(p, { throwIfNoEntry: false });
      if (there !== (fst !== undefined)) return `${p} ${fst ? "appeared" : "is gone"} since`;
      const newer = front === "sr-fish" ? fst !== undefined && mtimeSeconds(fst.mtimeMs) >= mtimeSeconds(st.mtimeMs) : fst !== undefined && fst.mtimeMs > st.mtimeMs;
      if (newer) return `${p} changed since it was written`;
    }
  }
  for (const name of m.unset) if (env[name] !== undefined) return `$${name} is set now; it was unset when the snapshot was written`;
  const pairs: Array<[string, string, boolean]> = [...m.either.map(([n, v]): [string, string, boolean] => [n, v, true]), ...m.exact.map(([n, v]): [string, string, boolean] => [n, v, false])];
  for (const [name, value, orUnset] of pairs) {
    const now = env[name];
    if (now === value || (orUnset && now === undefined)) continue;
    return now === undefined ? `$${name} is unset now; it was set when the snapshot was written` : `$${name} differs from when the snapshot was written`;
  }
  if (front === "sr-bash" || front === "direnv" || front === "ar") {
    const paths = (env.BASH_LOADABLES_PATH || "/usr/lib/bash:/usr/local/lib/bash").split(":");
    if (!paths.some((p) => p && statSync(join(p, "stat"), { throwIfNoEntry: false }))) return "bash's stat loadable builtin is not installed (Debian: bash-builtins)";
  }
  return undefined;
}
