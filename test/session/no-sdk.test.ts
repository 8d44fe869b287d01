// plan, status, list and clear read files only: the STS client bundle (the AWS SDK) is never loaded.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "../helpers/home";
import { entry, fixedHome, STS_URL } from "./fixture";
import { roleKey } from "../../src/credentials/keys";
import { resolveTarget } from "../../src/config/resolve";
import { BASTION } from "../helpers/world";

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

test("a cached env loads neither the SDK nor the executor's miss path (dist/execute.js); a miss loads the latter", async () => {
  const h = fixedHome();
  const target = await resolveTarget({ positionals: ["private_aws", "sample_switch_role"] }, h.env);
  // Valid for an hour from now (the fixture's entries are for a fixed day).
  const e = entry({ kind: "role", keyId: "ASIAROLESAMPLE00SMP1", created: "00:00", expires: "23:59", roleName: "sample_switch_role" });
  e.credentials.expiration = new Date(Date.now() + 3600_000);
  await h.cache().put(roleKey(target, BASTION.accessKeyId, STS_URL), e);
  const hit = loadedModules(["env", "private_aws", "sample_switch_role", "--shell", "json"], h.env);
  assert.equal(hit.status, 0);
  assert.deepEqual(hit.loaded.filter((m) => /sts\.js|execute\.js|@aws-sdk/.test(m)), [], "a hit parses only the dispatcher and the env bundle");
  const miss = loadedModules(["env", "private_aws", "short_role", "--shell", "json", "--mfa-serial", BASTION.mfaSerial], h.env);
  assert.notEqual(miss.status, 0, "no terminal for the code: fails, but only after loading the miss path");
  assert.ok(miss.loaded.some((m) => m.endsWith("execute.js")), miss.loaded.join(" "));
});
