// npm run demo: the seed's walkthrough (docs/seed-walkthrough.md), verbatim, against the local STS emulator.
// A temporary HOME gets the seed's ~/.aws files; bash runs the seed's commands inside a
// pseudo-terminal (util-linux `script`), and the MFA code is fetched from the emulator
// and typed at the prompt for the user. Everything is removed afterwards.
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startEmulator } from "../test/helpers/emulator";
import { BASTION } from "../test/helpers/world";

const root = resolve(__dirname, "..");

async function main(): Promise<number> {
  const home = mkdtempSync(join(tmpdir(), "switchrole-demo-"));
  const emu = await startEmulator();
  try {
    mkdirSync(join(home, ".aws"), { mode: 0o700 });
    writeFileSync(join(home, ".aws/credentials"), `[bastion]\naws_access_key_id=${BASTION.accessKeyId}\naws_secret_access_key=${BASTION.secretAccessKey}\n`, { mode: 0o600 });
    writeFileSync(join(home, ".aws/config"), "[profile bastion]\nregion=ap-northeast-1\n");
    writeFileSync(join(home, ".aws/accounts"), JSON.stringify({ private_aws: "123456789012" }, null, 2) + "\n");

    const walkthrough = [
      "export AWS_PROFILE_ASSUME_ROLE=bastion",
      "source $(which assume-role)",
      "assume-role private_aws sample_switch_role",
      "env | grep AWS_ACCESS_KEY_ID",
      "switchrole-identity",
      'echo "expires: $AWS_CREDENTIAL_EXPIRATION"',
      "# beyond the seed: a new terminal reuses the cached sessions (no code asked)",
      "bash --norc -c 'source $(which assume-role) && assume-role private_aws sample_switch_role && switchrole-identity'",
      "# a bad duration is refused before any code is asked, and nothing is exported",
      "AWS_ROLE_SESSION_TIMEOUT=60 assume-role private_aws sample_switch_role || echo \"exit $?; AWS_ACCESS_KEY_ID unchanged: ${AWS_ACCESS_KEY_ID:0:4}…\"",
      "switchrole status",
    ];
    const script = [
      "set -e",
      // Shows who the exported credentials belong to, through STS GetCallerIdentity.
      `switchrole-identity() { node -e 'require(${JSON.stringify(join(root, "scripts/identity.cjs"))})'; }`,
      "export -f switchrole-identity",
      ...walkthrough.flatMap((cmd) => [`printf '%s\\n' ${shq(`$ ${cmd}`)}`, cmd]),
    ].join("\n");
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...emu.env,
      HOME: home,
      PATH: `${join(root, "bin")}:${process.env.PATH}`,
      PS1: "$ ",
    };
    for (const k of Object.keys(env)) if (/^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|PROFILE|REGION|DEFAULT_REGION)$/.test(k)) delete env[k];
    writeFileSync(join(home, "walkthrough.sh"), script);
    console.log(`switchrole demo: the seed's walkthrough against the STS emulator at ${emu.url}\n`);
    return await runInPty(`bash --noprofile --norc ${join(home, "walkthrough.sh")}`, env, () => emu.freshMfaCode());
  } finally {
    await emu.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

/** Runs a command in a pseudo-terminal, typing the MFA code when the prompt appears. */
function runInPty(command: string, env: NodeJS.ProcessEnv, code: () => Promise<string>): Promise<number> {
  return new Promise((done) => {
    const child = spawn("script", ["-qefc", command, "/dev/null"], { env, stdio: ["pipe", "pipe", "inherit"] });
    let seen = "";
    child.stdout.setEncoding("utf8").on("data", async (chunk: string) => {
      process.stdout.write(chunk);
      seen += chunk;
      if (seen.includes("MFA Token: ")) {
        seen = "";
        const c = await code();
        setTimeout(() => child.stdin.write(`${c}\r`), 400); // typed a moment later, as a person would
      }
    });
    child.on("exit", (status) => done(status ?? 1));
  });
}

function shq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

main().then(
  (code) => {
    console.log(code === 0 ? "\ndemo finished: the role's credentials were exported and used." : `\ndemo failed (exit ${code})`);
    process.exitCode = code;
  },
  (err) => {
    console.error(`demo failed: ${(err as Error).message}`);
    process.exitCode = 1;
  },
);
