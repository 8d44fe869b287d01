// npm run bench: runs every bench/*.ts (after the build) one after another. Each prints
// ratios against a baseline measured in the same run; nothing here is a pass/fail timing.
import { readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";

const only = process.argv.slice(2);
const files = readdirSync("bench")
  .filter((f) => f.endsWith(".ts") && !f.startsWith("lib"))
  .filter((f) => only.length === 0 || only.some((s) => f.includes(s)))
  .sort();
let failed = 0;
for (const f of files) {
  console.log(`\n=== bench/${f} ===`);
  const r = spawnSync(process.execPath, ["--import", "tsx", `bench/${f}`], { stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
