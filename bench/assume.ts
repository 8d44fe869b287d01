// Issue 3's ratios: start-up of the paths that must not load the SDK, a full assume
// against the emulator vs the AWS CLI v2 doing the same, and peak RSS of one assume.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../test/helpers/emulator";
import { seedWorld, roleArn } from "../test/helpers/world";
import { ROOT, fmt, peakRssMb, timeInterleaved, withoutExtraCa, type Variant } from "./lib";

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const CI_USER = { id: "AKIAEMULATORCIUSER01", secret: "ci/EMULATOR/secret+key/0123456789ABCDEFGH" };

async function main(): Promise<void> {
  const world = seedWorld();
  world.users.push({ arn: "arn:aws:iam::111111111111:user/ci", accessKeys: [{ id: CI_USER.id, secret: CI_USER.secret }], mfaDevices: [] });
  const emu = await startEmulator(world);
  try {
    const home = mkdtempSync(join(tmpdir(), "switchrole-bench-"));
    mkdirSync(join(home, ".aws"));
    writeFileSync(join(home, ".aws/credentials"), `[ci]\naws_access_key_id=${CI_USER.id}\naws_secret_access_key=${CI_USER.secret}\n`);
    writeFileSync(join(home, ".aws/config"), "[profile ci]\nregion=ap-northeast-1\n");
    writeFileSync(join(home, ".aws/accounts"), '{"private_aws": "123456789012"}\n');
    const cli = join(ROOT, "dist/switchrole.js");
    for (const [label, base] of [["with NODE_EXTRA_CA_CERTS as set here", process.env], ["without NODE_EXTRA_CA_CERTS", withoutExtraCa(process.env)]] as const) {
      const env = { ...base, ...emu.env, HOME: home, AWS_PROFILE_ASSUME_ROLE: "ci" };
      const variants: Variant[] = [
        { name: "node -e 0", command: process.execPath, args: ["-e", "0"], env },
        { name: "switchrole --version", command: process.execPath, args: [cli, "--version"], env },
        { name: "bad duration (fails fast)", command: process.execPath, args: [cli, "env", "private_aws", "no_mfa_role"], env: { ...env, AWS_ROLE_SESSION_TIMEOUT: "60" }, ok: [2] },
        { name: "switchrole env (full assume, no cache)", command: process.execPath, args: [cli, "env", "private_aws", "no_mfa_role", "--no-cache", "--shell", "json"], env },
        {
          name: "aws sts assume-role (CLI v2)",
          command: "/usr/bin/aws",
          args: ["sts", "assume-role", "--role-arn", roleArn("no_mfa_role"), "--role-session-name", "bench", "--profile", "ci", "--endpoint-url", emu.url],
          env,
        },
      ];
      const m = timeInterleaved(variants, RUNS);
      const get = (n: string) => m.get(n) as number;
      console.log(`\n${label} (median of ${RUNS}):`);
      for (const [name, ms] of m) console.log(`  ${name.padEnd(42)} ${fmt(ms)}`);
      const base0 = get("node -e 0");
      console.log(`  --version / node -e 0:            ${(get("switchrole --version") / base0).toFixed(2)}x  (target <= 1.35x)`);
      console.log(`  failing fast / node -e 0:         ${(get("bad duration (fails fast)") / base0).toFixed(2)}x  (target <= 1.35x)`);
      console.log(`  aws CLI / switchrole full assume: ${(get("aws sts assume-role (CLI v2)") / get("switchrole env (full assume, no cache)")).toFixed(2)}x faster  (target >= 4x)`);
      if (base === process.env) {
        const rss = peakRssMb(cli, ["env", "private_aws", "no_mfa_role", "--no-cache", "--shell", "json"], env);
        console.log(`  peak RSS of one assume:           ${rss.toFixed(1)} MB  (target < 80 MB)`);
      }
    }
  } finally {
    await emu.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
