// Shared by the benchmarks: time whole commands, interleaved so that machine noise hits
// every variant alike, and report medians and ratios. Nothing here is a pass/fail test.
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";

export const ROOT = resolve(__dirname, "..");
export const RSS_HOOK = join(ROOT, "bench/rss-hook.cjs");

export interface Variant {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Exit codes that count as a valid run (default [0]). */
  ok?: number[];
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function once(v: Variant): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(v.command, v.args, { env: v.env ?? process.env, stdio: ["ignore", "ignore", "pipe"] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (!(v.ok ?? [0]).includes(r.status ?? -1)) {
    throw new Error(`${v.name}: exit ${r.status}: ${r.stderr.toString().trim().split("\n")[0]}`);
  }
  return ms;
}

/** Runs every variant `runs` times, round-robin, after one warm-up each; returns median ms by name. */
export function timeInterleaved(variants: Variant[], runs: number): Map<string, number> {
  const samples = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  for (const v of variants) once(v);
  for (let i = 0; i < runs; i++) for (const v of variants) samples.get(v.name)!.push(once(v));
  return new Map([...samples].map(([k, xs]) => [k, median(xs)]));
}

/** Peak RSS in MB of one run of a Node script, read by the process itself at exit. */
export function peakRssMb(script: string, args: string[], env: NodeJS.ProcessEnv): number {
  const r = spawnSync(process.execPath, ["-r", RSS_HOOK, script, ...args], { env: { ...env, SWITCHROLE_BENCH_RSS: "1" }, encoding: "utf8" });
  const m = /maxrss_kb=(\d+)/.exec(r.stderr);
  if (!m) throw new Error(`no RSS reported (exit ${r.status}): ${r.stderr.trim().split("\n")[0]}`);
  return Number(m[1]) / 1024;
}

export function fmt(ms: number): string {
  return `${ms.toFixed(1)} ms`;
}

/** process.env without NODE_EXTRA_CA_CERTS, to report both ways. */
export function withoutExtraCa(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const e = { ...env };
  delete e.NODE_EXTRA_CA_CERTS;
  return e;
}
