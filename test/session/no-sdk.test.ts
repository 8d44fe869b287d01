// plan, status, list and clear read files only: the STS client bundle (the AWS SDK) is never loaded.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "../helpers/home";
import { fixedHome } from "./fixture";

const CLI = join(ROOT, "dist/switchrole.js");

/** Runs the built CLI in-process of a node that records every require(). */
function loadedModules(args: string[], env: NodeJS.ProcessEnv): { status: number | null; loaded: string[] } {
  const hook = `const M=require("module");const o=M._load;const n=[];M._load=function(r,...x){n.push(r);return o.call(this,r,...x)};` +
    `process.on("exit",()=>process.stderr.write("LOADED "+JSON.stringify(n)+"\\n"));process.argv=[process.argv[0],...${JSON.stringify([CLI, ...args])}];require(${JSON.stringify(CLI)})`;
  const r = spawnSync(process.execPath, ["-e", hook], { env, encoding: "utf8" });
  const line = r.stderr.split("\n").find((l) => l.startsWith("LOADED ")) ?? "LOADED []";
  return { status: r.status, loaded: JSON.parse(line.slice(7)) as string[] };
}

for (const args of [["plan", "private_aws", "sample_switch_role"], ["plan", "private_aws", "sample_switch_role", "-d", "2h", "--json"], ["status", "--json"], ["list"], ["clear"]]) {
  test(`${args.join(" ")} never loads the SDK`, () => {
    const { env } = fixedHome();
    const r = loadedModules(args, env);
    assert.equal(r.status, 0);
    assert.ok(r.loaded.some((m) => m.includes(`commands/${args[0]}.js`)), `the ${args[0]} bundle ran: ${r.loaded.join(" ")}`);
    assert.deepEqual(r.loaded.filter((m) => /sts\.js|@aws-sdk|@smithy\/(?!shared-ini)/.test(m)), []);
  });
}
