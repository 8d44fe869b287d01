// The seed's `assume-role <account> <role> [mfa_token] [region]`, as a drop-in: the same
// prompts, messages and variables, but nothing exported on failure and a bad duration
// refused before any code is asked. bin/assume-role (sourced) evals what this prints.
import type { Context } from "../context";
import { parse, commandOptions } from "../args";
import { render, parseShellName } from "../shells";
import { renderOneLine } from "../shells/posix";
import { assumeRoleVars } from "../credentials/exports";
import { obtainSession, targetOptions } from "../credentials/wiring";
import { resolveTarget } from "../config/resolve";
import { isNoTerminalError, type Ask } from "../mfa/terminal";
import { isUserError, usageError, warningLine } from "../errors";
import { checkField } from "../config/fields";
import { shown } from "../config/origin";
import { capture, frontOf, removeSnapshot, snapshotAllowed, wrapperArgs, writeSnapshot } from "../cache/fast";
import { minTtlSeconds } from "../cache/ttl";
import { MFA_SESSION_MIN_TTL_SECONDS } from "../credentials/obtain";

export const assumeRoleHelp = `Usage: assume-role <account> <role> [mfa_token] [region]

The seed's tool, as a drop-in. In ~/.bashrc or ~/.zshrc:
  export AWS_PROFILE_ASSUME_ROLE=bastion
  source $(which assume-role)
then \`assume-role private_aws sample_switch_role\` exports the role's credentials.
Honours AWS_PROFILE_ASSUME_ROLE, AWS_ROLE_SESSION_TIMEOUT, ACCOUNTS_FILE, AWS_USERNAME.
(\`switchrole assume-role --shell bash|zsh ...\` prints the assignments it evaluates.)
`;

export async function assumeRoleCommand(argv: string[], outer: Context): Promise<number> {
  // Run by the sourced function: also leave it a snapshot for next time (src/cache/fast.ts).
  const front = frontOf(outer.env) === "ar" ? "ar" : undefined;
  const fastArgs = front && wrapperArgs(front, argv);
  const cap = fastArgs ? capture(outer) : undefined;
  const ctx = cap?.ctx ?? outer;
  const { env, io, ask } = ctx;
  const { values, positionals } = parse("assume-role", argv, commandOptions["assume-role"]);
  if (values.help) {
    io.err(assumeRoleHelp);
    return 0;
  }
  const shell = parseShellName(values.shell ?? "bash");
  const [accountArg, roleArg, tokenArg, region, ...extra] = positionals;
  // bin/assume-role hands the seed's positional mfa_token over in the environment, so the
  // code never shows in this process's argv (ps); given here directly, it still works.
  const mfaToken = tokenArg || env.SWITCHROLE_MFA_TOKEN || undefined;
  checkPositionals(mfaToken, region, extra);
  const account = accountArg || (await askDefault(ask, "Assume Into Account [default]:", "default"));
  const role = roleArg || (await askDefault(ask, "Assume Into Role [read]: ", "read"));
  const flags = { ...values, "mfa-code": values["mfa-code"] ?? (mfaToken || undefined), region: values.region ?? (region || undefined) };
  const opts = targetOptions([account, role], flags, "assume-role");
  // Resolve (and so check the duration) before saying anything or asking for a code.
  const target = await resolveTarget(opts, env, { warn: (line) => io.err(`${warningLine(line)}\n`) });
  io.err(`Using assume-role default profile: ${target.sourceProfile.value}\n`);
  // The seed's tool named the session after $AWS_USERNAME (the bastion user).
  if (env.AWS_USERNAME && !target.roleSessionName) target.roleSessionName = env.AWS_USERNAME;
  const { obtained } = await obtainSession(target, flags, ctx, { withMfaSession: true });
  const vars = assumeRoleVars({ target, role: obtained.role, roleStartedAt: obtained.roleStartedAt, mfaSession: obtained.mfaSession });
  // --oneline: for `eval $(assume-role ...)` run directly, where the output is split and globbed.
  const text = values.oneline ? renderOneLine(vars) : render(shell, vars);
  io.err(`${obtained.mfaCodesUsed > 0 && !flags["mfa-code"] ? "\n" : ""}Success! IAM session envars are exported.\n`);
  io.out(text);
  if (front && fastArgs && cap) {
    // What a hit says (no blank line: no code is asked), and nothing else was said.
    const say = `Using assume-role default profile: ${target.sourceProfile.value}\nSuccess! IAM session envars are exported.\n`;
    const expiresAt = obtained.role.expiration?.getTime();
    if (cap.said().replace("\n\nSuccess!", "\nSuccess!") === say && expiresAt !== undefined && snapshotAllowed(values)) {
      let deadline = expiresAt - minTtlSeconds(outer.env) * 1000;
      const mfaEnd = obtained.mfaSession?.credentials.expiration?.getTime();
      if (mfaEnd !== undefined) deadline = Math.min(deadline, mfaEnd - MFA_SESSION_MIN_TTL_SECONDS * 1000);
      await writeSnapshot({ front, args: fastArgs, vars, expiresAt, deadline, say, who: "" }, outer.env, cap.reads);
    } else removeSnapshot(front, fastArgs, outer.env);
  }
  return 0;
}

const USAGE = "usage: assume-role <account> <role> [mfa_token] [region]";

/** The seed's positional mfa_token and region, named as the user gave them (not as --mfa-code/--region). */
function checkPositionals(mfaToken: string | undefined, region: string | undefined, extra: string[]): void {
  if (extra.length > 0) throw usageError(`assume-role: too many arguments: ${extra.join(" ")}`, USAGE);
  if (mfaToken && !/^\d{6}$/.test(mfaToken.trim())) {
    throw usageError(`assume-role: the mfa_token argument ${shown(mfaToken)} is not the 6 digits your MFA device shows`, USAGE);
  }
  if (region) {
    try {
      checkField("region", { value: region, from: "region argument" });
    } catch (err) {
      if (isUserError(err)) throw usageError(`assume-role: ${err.message}`, err.hint);
      throw err;
    }
  }
}

async function askDefault(ask: Ask, question: string, fallback: string): Promise<string> {
  try {
    return (await ask(question)) || fallback;
  } catch (err) {
    if (isNoTerminalError(err)) throw usageError("assume-role: give <account> <role>; there is no terminal to ask on", USAGE);
    throw err;
  }
}
