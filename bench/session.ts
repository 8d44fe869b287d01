// Issue 4's numbers: `switchrole env` on a cached role vs `node -e 0` and vs the AWS CLI v2
// exporting an equivalent cached role profile, and the working day's prompts and STS calls
// (shared cache vs an MFA session per shell, as the seed's tool kept it).
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator } from "../test/helpers/emulator";
import { seedHome } from "../test/helpers/home";
import { BASTION, roleArn } from "../test/helpers/world";
import { workingDay, ENTRIES, TERMINALS, ROLES } from "../test/session/working-day";
import { ROOT, fmt, timeInterleaved, withoutExtraCa, type Variant } from "./lib";

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const AWS = "/usr/bin/aws";

/**
 * Warms the AWS CLI's assume-role cache (~/.aws/cli/cache) for a profile with role_arn,
 * source_profile and mfa_serial, with the role credentials switchrole holds. (This CLI,
 * 2.9, sends the assume-role provider's STS call to AWS whatever the endpoint settings, so
 * it cannot fetch from the emulator itself; its cache key is botocore's: sha1 of the sorted
 * JSON of the AssumeRole arguments without RoleSessionName.)
 */
function warmAwsCliCache(home: string, creds: Record<string, string>): void {
  const args = JSON.stringify({ RoleArn: roleArn("sample_switch_role"), SerialNumber: BASTION.mfaSerial }).replace(/","/g, '", "').replace(/":"/g, '": "');
  const key = createHash("sha1").update(args).digest("hex");
  const dir = join(home, ".aws/cli/cache");
  mkdirSync(dir, { recursive: true });
  const response = {
    Credentials: {
      AccessKeyId: creds.AWS_ACCESS_KEY_ID,
      SecretAccessKey: creds.AWS_SECRET_ACCESS_KEY,
      SessionToken: creds.AWS_SESSION_TOKEN,
      Expiration: creds.AWS_CREDENTIAL_EXPIRATION!.replace(/\.\d+Z$/, "Z"),
    },
    AssumedRoleUser: { AssumedRoleId: "AROAEXAMPLE:bench", Arn: `arn:aws:sts::123456789012:assumed-role/sample_switch_role/bench` },
  };
  writeFileSync(join(dir, `${key}.json`), JSON.stringify(response));
}

async function startUp(): Promise<void> {
  const emu = await startEmulator();
  try {
    const { home, env } = seedHome(emu);
    const config = join(home, ".aws/config");
    writeFileSync(config, `${readFileSync(config, "utf8")}[profile awsrole]\nrole_arn = ${roleArn("sample_switch_role")}\nsource_profile = bastion\nmfa_serial = ${BASTION.mfaSerial}\n`);
    const cli = join(ROOT, "dist/switchrole.js");
    const envArgs = [cli, "env", "private_aws", "sample_switch_role", "--shell", "json"];
    const warm = spawnSync(process.execPath, [...envArgs, "--mfa-code", await emu.freshMfaCode()], { env, encoding: "utf8" });
    if (warm.status !== 0) throw new Error(`warming switchrole: ${warm.stderr}`);
    const creds = JSON.parse(warm.stdout) as Record<string, string>;
    warmAwsCliCache(home, creds);
    const check = spawnSync(AWS, ["configure", "export-credentials", "--profile", "awsrole", "--format", "env"], { env, encoding: "utf8" });
    if (check.status !== 0 || !check.stdout.includes(creds.AWS_ACCESS_KEY_ID!)) throw new Error(`the AWS CLI did not use its cache: ${check.stderr}`);
    const callsBefore = (await emu.calls()).length;

    for (const [label, base] of [["with NODE_EXTRA_CA_CERTS as set here", env], ["without NODE_EXTRA_CA_CERTS", withoutExtraCa(env)]] as const) {
      const variants: Variant[] = [
        { name: "node -e 0", command: process.execPath, args: ["-e", "0"], env: base },
        { name: "switchrole env (cached role)", command: process.execPath, args: envArgs, env: base },
        { name: "aws configure export-credentials (cached)", command: AWS, args: ["configure", "export-credentials", "--profile", "awsrole", "--format", "env"], env: base },
      ];
      const m = timeInterleaved(variants, RUNS);
      const get = (n: string) => m.get(n) as number;
      console.log(`\n${label} (median of ${RUNS}, interleaved):`);
      for (const [name, ms] of m) console.log(`  ${name.padEnd(44)} ${fmt(ms)}`);
      console.log(`  switchrole env cached / node -e 0:  ${(get("switchrole env (cached role)") / get("node -e 0")).toFixed(2)}x  (target <= 1.35x)`);
      console.log(`  aws CLI cached / switchrole cached: ${(get("aws configure export-credentials (cached)") / get("switchrole env (cached role)")).toFixed(1)}x faster  (target >= 10x)`);
    }
    // The admin connection may have idled out during the timed runs: ask again once.
    const calls = (await emu.calls().catch(() => emu.calls())).length - callsBefore;
    console.log(`\n  STS/IAM calls during the timed runs: ${calls} (expected 0: every run was a cache hit)`);
  } finally {
    await emu.stop();
  }
}

async function day(): Promise<void> {
  const shared = await workingDay();
  const perShell = await workingDay({ cachePerShell: true });
  console.log(`\nWorking day: ${ROLES} roles, ${TERMINALS} terminals, ${ENTRIES} directory entries over 8 h (emulator and tool clocks moved together):`);
  for (const [name, d] of [["switchrole (shared cache)", shared], ["MFA session per shell (the seed's way)", perShell]] as const) {
    const failed = d.failures.length ? `, ${d.failures.length} FAILED entries` : "";
    console.log(`  ${name.padEnd(40)} MFA prompts ${d.prompts}, STS calls ${d.stsCalls} (GetSessionToken ${d.getSessionTokens}, AssumeRole ${d.assumeRoles}), IAM calls ${d.iamCalls}${failed}`);
  }
}

startUp()
  .then(day)
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
