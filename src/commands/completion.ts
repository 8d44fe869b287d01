// switchrole completion bash|zsh|fish: the tab-completion script (shell-init includes it).
// Hidden, for those scripts: `switchrole __complete <shell> ...` (src/completion/protocol.ts).
// It runs on every Tab, so it reads only the files a word needs (the accounts file, the AWS
// config files, the cache's entries), never loads the AWS SDK, and never writes to stderr:
// whatever goes wrong, it offers what it can and exits 0.
import type { Context } from "../context";
import { usageError } from "../errors";
import { COMPLETION_SHELLS, complete, type CompletionShell, type ProfileFacts, type Sources } from "../completion/complete";
import { answer, bashReplacedFrom, splitLine } from "../completion/protocol";
import { completionScript } from "../completion/scripts";
import { loadAccounts } from "../config/accounts";
import { loadProfiles } from "../config/profiles";
import { openCache } from "../cache";

export const completionHelp = `Usage: switchrole completion ${COMPLETION_SHELLS.join("|")}

Prints the tab-completion script for switchrole, sr and assume-role: commands, options,
--shell values, and targets (the accounts file's names and role profiles, then the role
names known for an account from ~/.aws/config and the credential cache).
\`switchrole shell-init bash|zsh|fish\` includes it, so most setups need nothing more.
Otherwise, in ~/.bashrc:  eval "$(switchrole completion bash)"
  ~/.zshrc (after compinit):  eval "$(switchrole completion zsh)"
  ~/.config/fish/config.fish:  switchrole completion fish | source
`;

export async function completionCommand(argv: string[], { io }: Context): Promise<number> {
  const [shell, ...extra] = argv;
  if (shell === "--help" || shell === "-h") {
    io.out(completionHelp);
    return 0;
  }
  if (shell === undefined) throw usageError("completion needs the name of your shell: `switchrole completion <shell>`", `use one of: ${COMPLETION_SHELLS.join(", ")}`);
  const s = COMPLETION_SHELLS.find((x) => x === shell);
  if (!s) throw usageError(`completion: unknown shell ${JSON.stringify(shell ?? "")}`, `use one of: ${COMPLETION_SHELLS.join(", ")}`);
  if (extra.length > 0) throw usageError(`completion: unexpected argument ${JSON.stringify(extra[0])}`, "see `switchrole completion --help`");
  io.out(completionScript(s));
  return 0;
}

/** The files completion reads, each read once and only when asked. */
export function fileSources(env: NodeJS.ProcessEnv): Sources {
  const once = <T>(read: () => Promise<T>): (() => Promise<T>) => {
    let p: Promise<T> | undefined;
    return () => (p ??= read());
  };
  return {
    accounts: once(async () => loadAccounts(env).ids),
    profiles: once(async () => {
      const profiles = await loadProfiles(env);
      return profiles.names().map((name): ProfileFacts => {
        const p = profiles.getProfile(name) ?? {};
        return { name, ...(p.role_arn ? { roleArn: p.role_arn } : {}), ...(p.region ? { region: p.region } : {}), ...(p.mfa_serial ? { mfaSerial: p.mfa_serial } : {}) };
      });
    }),
    cachedRoleArns: once(async () => {
      const entries = await openCache(env, { warn: () => {} }).list();
      return entries.flatMap(({ entry }) => (entry.kind === "role" && entry.meta.roleArn ? [entry.meta.roleArn] : []));
    }),
  };
}

/** `__complete bash <wordbreaks> <line>` or `__complete zsh|fish -- <words...>`. */
export async function completeWordsCommand(argv: string[], { env, io }: Context): Promise<number> {
  try {
    const [shell, ...rest] = argv;
    const s = COMPLETION_SHELLS.find((x): x is CompletionShell => x === shell);
    if (!s) return 0;
    if (s === "bash") {
      const [wordbreaks = "", line = ""] = rest;
      const { words, raw } = splitLine(line);
      io.out(answer(await complete(words, fileSources(env)), s, words.length - 1, bashReplacedFrom(raw, wordbreaks)));
    } else {
      const words = rest[0] === "--" ? rest.slice(1) : rest;
      if (words.length === 0) return 0;
      io.out(answer(await complete(words, fileSources(env)), s, words.length - 1));
    }
  } catch {
    // Completion offers nothing rather than print into the user's command line.
  }
  return 0;
}
