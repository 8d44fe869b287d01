// 20 separate processes on a cold cache: one create, one shared result.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { setTimeout as sleep } from "node:timers/promises";
import { sampleKey, tempCache } from "./helpers";

const run = promisify(execFile);
const FIXTURE = join(__dirname, "fixtures", "get-or-create.ts");

test("20 concurrent processes on a cold cache: exactly one create, identical credentials", { timeout: 120_000 }, async (t) => {
  const c = tempCache();
  t.after(c.cleanup);
  const counter = join(c.root, "creates.log");
  writeFileSync(counter, "");
  const ready = join(c.root, "ready.log");
  const go = join(c.root, "go");
  writeFileSync(ready, "");
  const env = { ...process.env, ...c.env, KEY: sampleKey(), COUNTER_FILE: counter, CREATE_MS: "200", READY_FILE: ready, GO_FILE: go };
  const running = Array.from({ length: 20 }, () => run(process.execPath, ["--import", "tsx", FIXTURE], { env, timeout: 90_000 }));
  // Start line: every process has loaded and is waiting, then all call getOrCreate at once.
  while (readFileSync(ready, "utf8").split("\n").length <= 20) await sleep(20);
  writeFileSync(go, "");
  const results = await Promise.all(running);
  const outputs = results.map((r) => JSON.parse(r.stdout) as { hit: boolean; credentials: Record<string, string> });
  const creators = readFileSync(counter, "utf8").trim().split("\n");
  assert.equal(creators.length, 1, `create() ran in ${creators.length} processes`);
  assert.equal(outputs.filter((o) => !o.hit).length, 1, "exactly one process reports a miss");
  const first = JSON.stringify(outputs[0]?.credentials);
  for (const o of outputs) assert.equal(JSON.stringify(o.credentials), first);
  assert.match(first, new RegExp(`ASIA${creators[0]}-`), "the credentials are the creator's");
  assert.deepEqual(results.map((r) => r.stderr).filter(Boolean), [], "no warnings");
  assert.deepEqual(readdirSync(c.dir).sort(), [`${sampleKey()}.json`, "state"], "no lock left behind");
});
