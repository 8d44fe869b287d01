// What to offer at the cursor, from the words typed so far: commands, each command's
// options (the table in src/args.ts, which the commands parse with), their values (--shell
// names, profiles, durations, ...) and targets: the accounts file's names and the role
// profiles, then, after an account, the role names known for it from ~/.aws/config and the
// credential cache. Pure apart from the Sources passed in, which read files only when a
// word needs them; nothing here loads the AWS SDK (see src/commands/completion.ts).
import { commandOptions } from "../args";
import { INIT_SHELLS, SHELL_NAMES } from "../shells";

export interface Candidate {
  value: string;
  /** A few words for shells that show them (zsh, fish). */
  description?: string;
}

export type Completion =
  /** Offer these (already filtered by the current word's prefix). */
  | { kind: "words"; candidates: Candidate[] }
  /** The words from `start` on are a command line of their own (`exec ... -- <command>`): let the shell complete it. */
  | { kind: "nested"; start: number };

/** What completion may read, each on demand. Every one may fail: completion then offers less. */
export interface Sources {
  /** The accounts file: name -> 12-digit id, in file order. */
  accounts(): Promise<Map<string, string>>;
  /** The AWS profiles, sorted by name. */
  profiles(): Promise<ProfileFacts[]>;
  /** Role ARNs in the credential cache (expired ones too: the role is still known). */
  cachedRoleArns(): Promise<string[]>;
}

export interface ProfileFacts {
  name: string;
  roleArn?: string;
  region?: string;
  mfaSerial?: string;
}

/** The shells `switchrole completion` writes a script for. */
export const COMPLETION_SHELLS = ["bash", "zsh", "fish"] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

type Positional = "target" | "account-role" | "source-profile" | "init-shell" | "completion-shell" | "direnv" | "keys" | "none";
type OptionTable = (typeof commandOptions)[keyof typeof commandOptions];

interface CommandSpec {
  name: string;
  description: string;
  positional: Positional;
  options?: OptionTable;
}

// In the order `switchrole --help` lists them.
const COMMANDS: CommandSpec[] = [
  { name: "env", description: "print the role's credentials as shell assignments", positional: "target", options: commandOptions.env },
  { name: "exec", description: "run a command with the role's credentials", positional: "target", options: commandOptions.exec },
  { name: "credential-process", description: "the JSON for credential_process", positional: "target", options: commandOptions["credential-process"] },
  { name: "status", description: "cached sessions and the time they have left", positional: "none", options: commandOptions.status },
  { name: "login", description: "start a new MFA session", positional: "source-profile", options: commandOptions.login },
  { name: "clear", description: "remove cached sessions", positional: "target", options: commandOptions.clear },
  { name: "logout", description: "remove cached sessions (clear)", positional: "target", options: commandOptions.clear },
  { name: "list", description: "the accounts and role profiles", positional: "none", options: commandOptions.list },
  { name: "plan", description: "the STS calls it would make, and why", positional: "target", options: commandOptions.plan },
  { name: "shell-init", description: "define sr <target> in your shell", positional: "init-shell" },
  { name: "completion", description: "the tab-completion script for a shell", positional: "completion-shell" },
  { name: "direnv", description: "use switchrole <target> in .envrc files", positional: "direnv" },
  { name: "keys", description: "the source's keys in the OS keyring", positional: "keys", options: commandOptions.keys },
  { name: "serve", description: "the per-user credential endpoint", positional: "none", options: commandOptions.serve },
  { name: "assume-role", description: "the seed's assume-role", positional: "account-role", options: commandOptions["assume-role"] },
];

const TOP_OPTIONS: Candidate[] = [
  { value: "--help", description: "the commands" },
  { value: "--version", description: "the version" },
];

const OPTION_DESCRIPTIONS: Record<string, string> = {
  help: "show the command's help",
  debug: "stack traces for bugs",
  "source-profile": "the profile whose keys sign",
  duration: "role session length",
  "mfa-session-duration": "MFA session length",
  region: "region for STS and AWS_REGION",
  "mfa-serial": "the MFA device",
  "mfa-code": "the 6-digit code",
  "role-session-name": "the role session's name",
  "external-id": "external id for the trust policy",
  "no-cache": "neither read nor write the cache",
  refresh: "new role credentials from STS",
  shell: "the shell or format to print for",
  endpoint: "a self-refreshing credential endpoint",
  unset: "unset what switchrole sets",
  verbose: "say what was set, on stderr",
  server: "through a local credential endpoint",
  json: "as JSON",
  color: "colours: auto, always or never",
  all: "every cached session",
  idle: "exit after this long without a request",
  "from-credentials-file": "import [profile] from ~/.aws/credentials",
  "remove-from-file": "then remove it from the file (a backup is kept)",
  "keep-in-file": "then leave it in the file",
};

/** Internal options, accepted but not offered. */
const HIDDEN_OPTIONS = new Set(["oneline"]);

const KEYS_SUBCOMMANDS: Candidate[] = [
  { value: "add", description: "store a profile's keys in the keyring" },
  { value: "list", description: "the stored keys" },
  { value: "remove", description: "delete a profile's stored keys" },
  { value: "rotate", description: "replace the key in IAM, safely" },
];

const DURATIONS = ["15m", "30m", "1h", "2h", "4h", "8h", "12h"];
const MFA_SESSION_DURATIONS = ["1h", "4h", "8h", "12h", "24h", "36h"];
const ROLE_ARN = /^arn:[a-z-]+:iam::(\d{12}):role\/(.+)$/;

const named = (values: readonly string[], description?: string): Candidate[] => values.map((value) => (description ? { value, description } : { value }));

/**
 * Completes `words`: the command line up to the cursor, the program first (switchrole,
 * sr — which is `switchrole env` — or assume-role, by basename) and the word being typed
 * last (possibly "").
 */
export async function complete(words: readonly string[], sources: Sources): Promise<Completion> {
  const program = (words[0] ?? "switchrole").replace(/^.*\//, "");
  let rest = words.slice(1);
  let offset = 1;
  let name = program === "sr" ? "env" : program === "assume-role" ? "assume-role" : undefined;
  if (name === undefined) {
    if (rest.length <= 1) return topLevel(rest[0] ?? "");
    name = rest[0]!;
    rest = rest.slice(1);
    offset = 2;
  }
  const spec = command(name);
  return spec ? completeCommand(spec, rest, offset, sources) : offer([]);
}

function command(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}

function offer(candidates: Candidate[], prefix?: string): Completion {
  return { kind: "words", candidates: prefix === undefined ? candidates : candidates.filter((c) => c.value.startsWith(prefix)) };
}

function topLevel(cur: string): Completion {
  if (cur.startsWith("-")) return offer(TOP_OPTIONS, cur);
  return offer(
    COMMANDS.map((c) => ({ value: c.name, description: c.description })),
    cur,
  );
}

interface OptionInfo {
  name: string;
  takesValue: boolean;
}

function optionNamed(spec: CommandSpec, word: string): OptionInfo | undefined {
  const table = (spec.options ?? {}) as Record<string, { type: string; short?: string }>;
  if (word.startsWith("--")) {
    const name = word.slice(2).split("=")[0]!;
    const o = table[name];
    return o ? { name, takesValue: o.type === "string" } : undefined;
  }
  if (/^-[A-Za-z]$/.test(word)) {
    const found = Object.entries(table).find(([, o]) => o.short === word[1]);
    return found ? { name: found[0], takesValue: found[1].type === "string" } : undefined;
  }
  return undefined;
}

async function completeCommand(spec: CommandSpec, rest: string[], offset: number, sources: Sources): Promise<Completion> {
  const cur = rest.at(-1) ?? "";
  const before = rest.slice(0, -1);
  const positionals: string[] = [];
  const given = new Set<string>();
  let valueFor: string | undefined;
  for (const [i, word] of before.entries()) {
    if (valueFor !== undefined) {
      valueFor = undefined;
      continue;
    }
    if (word === "--") {
      // Only exec takes something after -- (a command line); the others ignore it.
      return spec.name === "exec" ? { kind: "nested", start: offset + i + 1 } : offer([]);
    }
    const o = word.startsWith("-") && word !== "-" ? optionNamed(spec, word) : undefined;
    if (o) {
      given.add(o.name);
      if (o.takesValue && !word.includes("=")) valueFor = o.name;
      continue;
    }
    if (!word.startsWith("-")) positionals.push(word);
  }
  if (valueFor !== undefined) return offer(await optionValues(valueFor, sources), cur);
  const eq = cur.indexOf("=");
  if (cur.startsWith("--") && eq > 0) {
    const o = optionNamed(spec, cur);
    if (!o?.takesValue) return offer([]);
    const head = cur.slice(0, eq + 1);
    const values = await optionValues(o.name, sources);
    return offer(values.map((v) => ({ ...v, value: head + v.value })), cur);
  }
  if (cur.startsWith("-")) return offer(optionCandidates(spec, given), cur);
  const found = await positionalValues(spec, positionals, cur, sources);
  // Nothing more to give in that place: the options are what is left to type.
  if (found === "done") return offer(cur === "" ? optionCandidates(spec, given) : [], cur);
  return offer(found, cur);
}

/** The options not given yet, the command's own first, --help and --debug last. */
function optionCandidates(spec: CommandSpec, given: Set<string>): Candidate[] {
  const names = Object.keys(spec.options ?? {}).filter((name) => !HIDDEN_OPTIONS.has(name) && !given.has(name));
  const last = (name: string) => (name === "help" || name === "debug" ? 1 : 0);
  return names
    .sort((a, b) => last(a) - last(b))
    .map((name) => ({ value: `--${name}`, ...(OPTION_DESCRIPTIONS[name] ? { description: OPTION_DESCRIPTIONS[name] } : {}) }));
}

async function safely<T>(read: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await read();
  } catch {
    return fallback;
  }
}

const profilesOf = (sources: Sources) => safely(() => sources.profiles(), []);
const accountsOf = (sources: Sources) => safely(() => sources.accounts(), new Map<string, string>());

async function optionValues(name: string, sources: Sources): Promise<Candidate[]> {
  switch (name) {
    case "shell":
      return named(SHELL_NAMES);
    case "duration":
      return named(DURATIONS);
    case "mfa-session-duration":
      return named(MFA_SESSION_DURATIONS);
    case "color":
      return named(["auto", "always", "never"]);
    case "source-profile":
      return sourceProfiles(sources);
    case "region":
      return named([...new Set((await profilesOf(sources)).flatMap((p) => (p.region ? [p.region] : [])))].sort());
    case "mfa-serial":
      return named([...new Set((await profilesOf(sources)).flatMap((p) => (p.mfaSerial ? [p.mfaSerial] : [])))].sort());
    default:
      return [];
  }
}

async function sourceProfiles(sources: Sources): Promise<Candidate[]> {
  return (await profilesOf(sources)).filter((p) => p.roleArn === undefined).map((p) => ({ value: p.name, description: "source profile" }));
}

/** The candidates for the next positional word, or "done" when the command takes no more. */
async function positionalValues(spec: CommandSpec, positionals: string[], cur: string, sources: Sources): Promise<Candidate[] | "done"> {
  const n = positionals.length;
  switch (spec.positional) {
    case "none":
      return "done";
    case "init-shell":
      return n === 0 ? named(INIT_SHELLS) : "done";
    case "completion-shell":
      return n === 0 ? named(COMPLETION_SHELLS) : "done";
    case "direnv":
      return n === 0 ? [{ value: "install", description: "write the direnv library" }, { value: "print", description: "print the direnv library" }] : "done";
    case "keys":
      if (n === 0) return KEYS_SUBCOMMANDS;
      return n === 1 && positionals[0] !== "list" ? sourceProfiles(sources) : "done";
    case "source-profile":
      return n === 0 ? sourceProfiles(sources) : "done";
    case "account-role":
      // assume-role <account> <role> [mfa_token] [region]
      if (n === 0) return accountCandidates(sources);
      if (n === 1) return roleCandidates(positionals[0]!, sources);
      if (n === 3) return optionValues("region", sources);
      return n === 2 ? [] : "done";
    case "target": {
      if (n === 0 && cur.startsWith("arn:")) return roleArnCandidates(sources);
      if (n === 0) return [...(await accountCandidates(sources)), ...(await roleProfileCandidates(sources))];
      if (n === 1) {
        const roles = await roleCandidates(positionals[0]!, sources);
        if (roles.length > 0) return roles;
        // A profile or an ARN is a whole target; an account whose roles are unknown still needs one.
        return (await accountIdOf(positionals[0]!, sources)) === undefined ? "done" : [];
      }
      return "done";
    }
  }
}

async function accountCandidates(sources: Sources): Promise<Candidate[]> {
  return [...(await accountsOf(sources))].map(([name, id]) => ({ value: name, description: `account ${id}` }));
}

async function roleProfileCandidates(sources: Sources): Promise<Candidate[]> {
  return (await profilesOf(sources)).flatMap((p) => (p.roleArn === undefined ? [] : [{ value: p.name, description: p.roleArn }]));
}

/** Role ARNs from the role profiles and the cache, for a target typed as an ARN. */
async function roleArnCandidates(sources: Sources): Promise<Candidate[]> {
  const arns = [...(await profilesOf(sources)).flatMap((p) => (p.roleArn && ROLE_ARN.test(p.roleArn) ? [p.roleArn] : [])), ...(await safely(() => sources.cachedRoleArns(), []))];
  return named([...new Set(arns)]);
}

async function accountIdOf(account: string, sources: Sources): Promise<string | undefined> {
  if (/^\d{12}$/.test(account)) return account;
  return (await accountsOf(sources)).get(account);
}

/** The role names known for an account (a name from the accounts file or an id): from role profiles, then the cache. */
async function roleCandidates(account: string, sources: Sources): Promise<Candidate[]> {
  const id = await accountIdOf(account, sources);
  if (id === undefined) return [];
  const out = new Map<string, string>();
  for (const p of await profilesOf(sources)) {
    const m = ROLE_ARN.exec(p.roleArn ?? "");
    if (m && m[1] === id && !out.has(m[2]!)) out.set(m[2]!, `role of profile ${p.name}`);
  }
  for (const arn of await safely(() => sources.cachedRoleArns(), [])) {
    const m = ROLE_ARN.exec(arn);
    if (m && m[1] === id && !out.has(m[2]!)) out.set(m[2]!, "used before (cached)");
  }
  return [...out].map(([value, description]) => ({ value, description }));
}
