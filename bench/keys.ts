// Issue 14's number: a cached `switchrole env` whose source keys are in the OS keyring
// (gnome-keyring on a private D-Bus) against the same with the keys in ~/.aws/credentials,
// and both against `node -e 0`. The hit path reads keys.json for the access key id only,
// so the keyring's case should cost what the credentials file's does.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { rmSync } from "node:fs";
import { startEmulator } from "../test/helpers/emulator";
import { seedHome } from "../test/helpers/home";
import { startSecretService } from "../test/helpers/keyring";
import { ROOT, fmt, timeInterleaved, type Variant } from "./lib";

const RUNS = Number(process.env.BENCH_RUNS ?? 20);

async function main(): Promise<void> {
  const emu = await startEmulator();
  const ss = await startSecretService();
  const homes: string[] = [];
  try {
    const cli = join(ROOT, "dist/switchrole.js");
    const envArgs = [cli, "env", "private_aws", "sample_switch_role", "--shell", "json"];
    const warmed = async (stored: boolean): Promise<NodeJS.ProcessEnv> => {
      const { home, env } = seedHome(emu, { env: ss.env });
      homes.push(home);
      if (stored) {
        const add = spawnSync(process.execPath, [cli, "keys", "add", "bastion", "--from-credentials-file", "--remove-from-file"], { env, encoding: "utf8" });
        if (add.status !== 0) throw new Error(`keys add: ${add.stderr}`);
      }
      const warm = spawnSync(process.execPath, [...envArgs, "--mfa-code", await emu.freshMfaCode()], { env, encoding: "utf8" });
      if (warm.status !== 0) throw new Error(`warming: ${warm.stderr}`);
      return env;
    };
    const inFile = await warmed(false);
    const inKeyring = await warmed(true);
    const variants: Variant[] = [
      { name: "node -e 0", command: process.execPath, args: ["-e", "0"], env: inFile },
      { name: "env, cached, keys in ~/.aws/credentials", command: process.execPath, args: envArgs, env: inFile },
      { name: "env, cached, keys in the OS keyring", command: process.execPath, args: envArgs, env: inKeyring },
    ];
    const m = timeInterleaved(variants, RUNS);
    const get = (n: string) => m.get(n) as number;
    console.log(`\nmedian of ${RUNS}, interleaved:`);
    for (const [name, ms] of m) console.log(`  ${name.padEnd(44)} ${fmt(ms)}`);
    console.log(`  keyring / credentials file (cached): ${(get("env, cached, keys in the OS keyring") / get("env, cached, keys in ~/.aws/credentials")).toFixed(2)}x  (target ~1.0x)`);
    console.log(`  keyring cached / node -e 0:          ${(get("env, cached, keys in the OS keyring") / get("node -e 0")).toFixed(2)}x`);
  } finally {
    await ss.stop();
    await emu.stop();
    for (const h of homes) rmSync(h, { recursive: true, force: true });
  }
}

void main();
