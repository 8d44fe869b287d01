// Tab completion runs switchrole on every Tab: `switchrole __complete` against `node -e 0`
// (the floor for any Node program), for a command name (no file read), a target (the
// accounts file and the AWS config) and an account's roles (plus the credential cache), and
// a whole Tab in bash (the registered function, as readline calls it) against the same bash
// calling `node -e 0`. Ratios of medians measured in this run, interleaved.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { startEmulator } from "../test/helpers/emulator";
import { seedHome } from "../test/helpers/home";
import { ROOT, fmt, timeInterleaved, withoutExtraCa, type Variant } from "./lib";

const RUNS = Number(process.env.BENCH_RUNS ?? 20);

async function main(): Promise<void> {
  const emu = await startEmulator();
  const { home, env: seedEnv } = seedHome(emu);
  try {
    const config = join(home, ".aws/config");
    writeFileSync(config, `${readFileSync(config, "utf8")}[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/team/deployer\nsource_profile = bastion\n`);
    const cli = join(ROOT, "dist/switchrole.js");
    const warm = spawnSync(process.execPath, [cli, "env", "private_aws", "sample_switch_role", "--shell", "json", "--mfa-code", await emu.freshMfaCode()], { env: seedEnv, encoding: "utf8" });
    if (warm.status !== 0) throw new Error(`filling the cache: ${warm.stderr}`);
    const script = join(home, "tab.bash");
    // As a user has it: bin/switchrole (first on this PATH) from the registered function.
    writeFileSync(script, spawnSync(process.execPath, [cli, "completion", "bash"], { encoding: "utf8" }).stdout);
    const tab = (line: string) => `source ${script}; COMP_LINE='${line}'; COMP_POINT=\${#COMP_LINE}; COMP_WORDS=(${line} ''); COMP_CWORD=3; _switchrole_complete; [ "\${#COMPREPLY[@]}" -gt 0 ]`;
    const complete = (line: string) => [cli, "__complete", "bash", "\"'><=;|&(:", line];

    for (const [label, base] of [["with NODE_EXTRA_CA_CERTS as set here", seedEnv], ["without NODE_EXTRA_CA_CERTS", withoutExtraCa(seedEnv)]] as const) {
      const variants: Variant[] = [
        { name: "node -e 0", command: process.execPath, args: ["-e", "0"], env: base },
        { name: "__complete: a command (switchrole e)", command: process.execPath, args: complete("switchrole e"), env: base },
        { name: "__complete: a target (sr )", command: process.execPath, args: complete("sr "), env: base },
        { name: "__complete: a role (sr private_aws )", command: process.execPath, args: complete("sr private_aws "), env: base },
        { name: "bash running node -e 0", command: "bash", args: ["--norc", "--noprofile", "-c", "node -e 0"], env: base },
        { name: "bash: Tab after switchrole env private_aws", command: "bash", args: ["--norc", "--noprofile", "-c", tab("switchrole env private_aws ")], env: base },
      ];
      const m = timeInterleaved(variants, RUNS);
      const get = (n: string) => m.get(n) as number;
      console.log(`\n${label} (median of ${RUNS}, interleaved):`);
      for (const [name, ms] of m) console.log(`  ${name.padEnd(46)} ${fmt(ms)}`);
      for (const name of ["__complete: a command (switchrole e)", "__complete: a target (sr )", "__complete: a role (sr private_aws )"]) {
        console.log(`  ${name} / node -e 0:`.padEnd(62) + `${(get(name) / get("node -e 0")).toFixed(2)}x`);
      }
      console.log(`  bash Tab / bash running node -e 0:`.padEnd(62) + `${(get("bash: Tab after switchrole env private_aws") / get("bash running node -e 0")).toFixed(2)}x`);
    }
  } finally {
    await emu.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
