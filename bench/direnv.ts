// Issue 5's ratios: `direnv export bash` on entering a directory whose .envrc says
// `use switchrole private_aws sample_switch_role` (a cached session), against
//   - an .envrc that only runs `node -e 0` (target: at most 1.3x), and
//   - the seed's setup driven by the AWS CLI v2: a bash .envrc calling
//     `aws sts get-session-token` then `aws sts assume-role` on every entry.
// The AWS CLI variant assumes no_mfa_role without a code: the emulator takes each MFA
// code once, and the two calls cost the same with or without one.
// Run: npm run build && node --import tsx bench/direnv.ts   (BENCH_RUNS, default 15)
import { execFileSync } from "node:child_process";
import { startEmulator } from "../test/helpers/emulator";
import { run } from "../test/helpers/home";
import { roleArn } from "../test/helpers/world";
import { direnvHome } from "../test/direnv/setup";
import { fmt, timeInterleaved, type Variant } from "./lib";

const RUNS = Math.max(15, Number(process.env.BENCH_RUNS ?? 15));

const AWS_CLI_ENVRC = `# The seed's assume-role, by hand, through the AWS CLI v2 (as the original did).
q='Credentials.[AccessKeyId,SecretAccessKey,SessionToken]'
read -r AWS_SESSION_ACCESS_KEY_ID AWS_SESSION_SECRET_ACCESS_KEY AWS_SESSION_SESSION_TOKEN < <(
  /usr/bin/aws sts get-session-token --profile bastion --duration-seconds 900 \\
    --endpoint-url "$AWS_ENDPOINT_URL_STS" --query "$q" --output text)
export AWS_SESSION_ACCESS_KEY_ID AWS_SESSION_SECRET_ACCESS_KEY AWS_SESSION_SESSION_TOKEN
read -r AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN < <(
  AWS_ACCESS_KEY_ID=$AWS_SESSION_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY=$AWS_SESSION_SECRET_ACCESS_KEY \\
  AWS_SESSION_TOKEN=$AWS_SESSION_SESSION_TOKEN /usr/bin/aws sts assume-role \\
    --role-arn ${roleArn("no_mfa_role")} --role-session-name bastion --duration-seconds 900 \\
    --endpoint-url "$AWS_ENDPOINT_URL_STS" --query "$q" --output text --region ap-northeast-1)
export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN
export AWS_SECURITY_TOKEN=$AWS_SESSION_TOKEN AWS_ACCOUNT_NAME=private_aws AWS_ACCOUNT_ROLE=no_mfa_role
`;

async function main(): Promise<void> {
  const emu = await startEmulator();
  try {
    const h = await direnvHome(emu);
    const primed = await run(["env", "private_aws", "sample_switch_role", "--mfa-code", await emu.freshMfaCode(), "--shell", "json"], h.env);
    if (primed.code !== 0) throw new Error(`priming the cache failed: ${primed.stderr}`);
    const dirs = {
      "use switchrole (cached)": await h.project("use", "use switchrole private_aws sample_switch_role\n"),
      "node -e 0": await h.project("node", "node -e 0\n"),
      // The library's own share: the same switchrole call, evaluated without it.
      "eval switchrole env (no library)": await h.project("plain", 'eval "$(switchrole env --shell bash private_aws sample_switch_role)"\n'),
      "seed via AWS CLI v2 (2 STS calls)": await h.project("awscli", AWS_CLI_ENVRC),
    };
    const variants: Variant[] = Object.entries(dirs).map(([name, dir]) => ({ name, command: "env", args: ["-C", dir, "direnv", "export", "bash"], env: h.env }));
    for (const v of variants) {
      const out = execFileSync(v.command, v.args, { env: v.env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
      if (v.name !== "node -e 0" && !out.includes("AWS_ACCESS_KEY_ID")) throw new Error(`${v.name}: no credentials exported`);
    }
    const calls = (await emu.calls()).length;
    const t = timeInterleaved(variants, RUNS);
    const stsCalls = (await emu.calls()).length - calls;
    const ours = t.get("use switchrole (cached)")!;
    console.log(`direnv export bash, median of ${RUNS} interleaved runs (NODE_EXTRA_CA_CERTS ${process.env.NODE_EXTRA_CA_CERTS ? "set" : "unset"}, as-is):`);
    for (const [name, ms] of t) console.log(`  ${name.padEnd(36)} ${fmt(ms)}`);
    console.log(`  use switchrole / node -e 0:          ${(ours / t.get("node -e 0")!).toFixed(2)}x (target <= 1.3x)`);
    console.log(`  use switchrole / plain eval:         ${(ours / t.get("eval switchrole env (no library)")!).toFixed(2)}x (the library's overhead)`);
    console.log(`  seed via AWS CLI / use switchrole:   ${(t.get("seed via AWS CLI v2 (2 STS calls)")! / ours).toFixed(1)}x slower`);
    console.log(`  STS calls during the runs: ${stsCalls} (all from the AWS CLI variant: ${2 * (RUNS + 1)} expected)`);
  } finally {
    await emu.stop();
  }
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exitCode = 1;
});
