// switchrole keys add|list|remove|rotate: the bastion's long-term keys in the OS keyring
// (or switchrole's encrypted file) instead of ~/.aws/credentials. See src/keys/.
import { copyFileSync, chmodSync } from "node:fs";
import type { Context } from "../context";
import { parse, commandOptions } from "../args";
import { UserError, maskKeyId, usageError } from "../errors";
import { loadProfiles, type Profiles } from "../config/profiles";
import { displayPath } from "../config/paths";
import { readTextFile } from "../config/local-file";
import { askSecretOnTerminal, isNoTerminalError } from "../mfa/terminal";
import { chooseBackend, openStore, type LongTermKeys } from "../keys/store";
import { metaFile, readMeta, updateMeta, type BackendName } from "../keys/meta";
import { withoutSection, rewriteCredentialsFile } from "../keys/credentials-file";
import { sourceOf, verifyKeys } from "../keys/verify";

export const keysHelp = `Usage: switchrole keys add <profile> [--from-credentials-file [--remove-from-file | --keep-in-file]]
       switchrole keys list [--json]
       switchrole keys remove <profile>
       switchrole keys rotate <profile>

The source profile's long-term keys in the OS keyring (the Secret Service on Linux:
gnome-keyring, KWallet) or, where none answers, in an encrypted file
(~/.config/switchrole/keys.enc, AES-256-GCM, its key from a passphrase with scrypt).
switchrole then reads them from there instead of ~/.aws/credentials.

  add <profile>     asks for the access key id and the secret on the terminal (the secret
                    is not echoed); without a terminal on stdin, reads two lines from
                    stdin: the access key id, then the secret. Checks them with STS
                    GetCallerIdentity before storing them.
      --from-credentials-file   takes them from [<profile>] in ~/.aws/credentials instead,
                    then offers to remove that section (a 0600 backup of the file is kept
                    beside it): --remove-from-file or --keep-in-file answer without asking
      --region <r>  region for STS (default: the profile's region, else us-east-1); for
                    rotate too
  list              each stored profile: masked key id, keyring, when added and rotated
      --json        as JSON
  remove <profile>  deletes the stored keys (the IAM key itself stays)
  rotate <profile>  IAM CreateAccessKey, checks the new key, stores it, then DeleteAccessKey
                    of the old one; for keys in ~/.aws/credentials too (only that section is
                    rewritten). Interrupted, it leaves a working key stored; run it again
                    to finish.

Environment:
  SWITCHROLE_KEYRING=secret-service|file   where new keys go (default: secret-service
                    when a Secret Service answers on D-Bus, else file)
  SWITCHROLE_FILE_PASSPHRASE               the encrypted file's passphrase (else asked)
  SWITCHROLE_ROTATE_WAIT                   how long rotate waits for IAM's new key to work
                    (default 60s)
`;

export async function keysCommand(argv: string[], ctx: Context): Promise<number> {
  const { io } = ctx;
  const { values, positionals } = parse("keys", argv, commandOptions.keys);
  const [sub, ...args] = positionals;
  if (values.help || sub === undefined) {
    if (values.help) io.out(keysHelp);
    else io.err(keysHelp);
    return values.help ? 0 : 2;
  }
  const one = (): string => {
    if (args.length !== 1) throw usageError(`keys ${sub}: give one profile`, `see \`switchrole keys --help\``);
    return args[0] as string;
  };
  switch (sub) {
    case "add":
      return addKeys(one(), values, ctx);
    case "list":
      if (args.length > 0) throw usageError(`keys list: unexpected ${args[0]}`, "see `switchrole keys --help`");
      return listKeys(values.json === true, ctx);
    case "remove":
      return removeKeys(one(), ctx);
    case "rotate": {
      const { rotateKeys } = require("../keys/rotate") as typeof import("../keys/rotate");
      return rotateKeys(one(), ctx, values.region);
    }
    default:
      throw usageError(`keys: unknown subcommand ${JSON.stringify(sub)}`, "use add, list, remove or rotate (see `switchrole keys --help`)");
  }
}

type KeysFlags = { "from-credentials-file"?: boolean; "remove-from-file"?: boolean; "keep-in-file"?: boolean; region?: string };

const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;

/** The keys typed on the terminal, or two lines of stdin when it is not a terminal. */
async function keysFromUser(profile: string, ctx: Context): Promise<LongTermKeys> {
  const { isatty } = require("node:tty") as typeof import("node:tty");
  let id: string;
  let secret: string;
  if (!isatty(0)) {
    const { readFileSync } = require("node:fs") as typeof import("node:fs");
    const [a = "", b = ""] = readFileSync(0, "utf8").split(/\r?\n/);
    [id, secret] = [a.trim(), b.trim()];
    if (id === "" || secret === "") throw usageError(`keys add ${profile}: stdin must hold two lines, the access key id and then the secret access key`);
  } else {
    try {
      id = await ctx.ask(`AWS access key id for ${profile}: `);
      secret = await askSecretOnTerminal(`AWS secret access key for ${profile} (not shown): `);
    } catch (err) {
      if (isNoTerminalError(err)) throw usageError(`keys add ${profile}: no terminal to ask for the keys on`, "pipe two lines (the access key id, then the secret) to its stdin, or use --from-credentials-file");
      throw err;
    }
  }
  if (!ACCESS_KEY_ID.test(id)) throw usageError(`keys add ${profile}: ${JSON.stringify(id.slice(0, 24))} is not an access key id (AKIA... : capital letters and digits)`, "give the access key id first, then the secret");
  return { accessKeyId: id, secretAccessKey: secret };
}

async function addKeys(profile: string, flags: KeysFlags, ctx: Context): Promise<number> {
  const { env } = ctx;
  const say = (line: string) => ctx.io.err(`${line}\n`);
  if (flags["remove-from-file"] && flags["keep-in-file"]) throw usageError("keys add: give --remove-from-file or --keep-in-file, not both");
  if ((flags["remove-from-file"] || flags["keep-in-file"]) && !flags["from-credentials-file"]) throw usageError("keys add: --remove-from-file and --keep-in-file go with --from-credentials-file");
  const profiles = await loadProfiles(env);
  const shownCreds = profiles.shownCredentialsFile;
  let keys: LongTermKeys;
  let from: string;
  if (flags["from-credentials-file"]) {
    const k = profiles.staticKeys(profile);
    if (!k || profiles.origin(profile, "aws_access_key_id").indexOf(shownCreds) === -1) {
      throw usageError(`keys add ${profile}: ${shownCreds} has no [${profile}] with aws_access_key_id and aws_secret_access_key`, "leave out --from-credentials-file to type the keys in, or name the profile that holds them");
    }
    if (k.sessionToken) throw usageError(`keys add ${profile}: [${profile}] in ${shownCreds} holds temporary keys (aws_session_token); only long-term keys are stored`);
    keys = { accessKeyId: k.accessKeyId, secretAccessKey: k.secretAccessKey };
    from = `[${profile}] in ${shownCreds}`;
  } else {
    keys = await keysFromUser(profile, ctx);
    from = "as typed";
  }
  // A profile new to switchrole may exist in no AWS file: it then has no settings.
  const source = sourceOf(profile, profiles, ctx, flags.region);
  const backend: BackendName = await chooseBackend(env, say);
  const arn = await verifyKeys(keys, source, ctx, from);
  const store = openStore(backend, { env, askSecret: askSecretOnTerminal });
  const previous = profiles.storedKey(profile);
  if (previous && previous.backend !== backend) await openStore(previous.backend, { env, askSecret: askSecretOnTerminal }).delete(profile);
  await store.set(profile, keys);
  const now = new Date(ctx.now()).toISOString();
  await updateMeta(env, (m) => {
    m.profiles[profile] = { accessKeyId: keys.accessKeyId, backend, addedAt: now };
    delete m.rotations[profile];
  });
  say(`switchrole: stored the keys of ${profile} (${maskKeyId(keys.accessKeyId)}, ${arn}) in ${store.shown}`);
  if (flags["from-credentials-file"]) await offerRemoval(profile, profiles, flags, ctx);
  return 0;
}

/** After an import: remove [profile] from the credentials file, keeping a 0600 backup. */
async function offerRemoval(profile: string, profiles: Profiles, flags: KeysFlags, ctx: Context): Promise<void> {
  const say = (line: string) => ctx.io.err(`${line}\n`);
  const path = profiles.credentialsFile;
  const shown = profiles.shownCredentialsFile;
  let remove = flags["remove-from-file"] === true;
  if (!remove && !flags["keep-in-file"]) {
    try {
      remove = /^y(es)?$/i.test(await ctx.ask(`Remove [${profile}] from ${shown} now (a backup is kept)? [y/N] `));
    } catch (err) {
      if (!isNoTerminalError(err)) throw err;
      say(`switchrole: [${profile}] stays in ${shown} (no terminal to ask on); run again with --remove-from-file to remove it`);
      return;
    }
  }
  if (!remove) {
    say(`switchrole: [${profile}] stays in ${shown}; switchrole reads the stored keys first`);
    return;
  }
  const read = readTextFile(path, 4 * 1024 * 1024);
  if (!read.ok) throw new UserError(`could not read ${shown} again: ${read.reason}`);
  const text = withoutSection(read.text, profile);
  if (text === undefined) return;
  const backup = `${path}.switchrole-backup`;
  copyFileSync(path, backup);
  chmodSync(backup, 0o600);
  await rewriteCredentialsFile(path, text);
  say(`switchrole: removed [${profile}] from ${shown}; the old file is in ${displayPath(backup, ctx.env)} (0600): delete it once all works`);
}

async function listKeys(json: boolean, ctx: Context): Promise<number> {
  const meta = readMeta(ctx.env);
  const rows = Object.entries(meta.profiles)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([profile, k]) => ({ profile, accessKeyId: maskKeyId(k.accessKeyId), backend: k.backend, addedAt: k.addedAt, rotatedAt: k.rotatedAt ?? null, ...(meta.rotations[profile] ? { rotationUnfinished: true } : {}) }));
  if (json) {
    ctx.io.out(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (rows.length === 0) {
    ctx.io.out(`No keys stored (${displayPath(metaFile(ctx.env), ctx.env)}); add some with \`switchrole keys add <profile>\`.\n`);
    return 0;
  }
  const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "-");
  const table = [["PROFILE", "KEY", "KEYRING", "ADDED", "ROTATED"], ...rows.map((r) => [r.profile, r.accessKeyId, r.backend, day(r.addedAt), day(r.rotatedAt) + (r.rotationUnfinished ? " (unfinished: run keys rotate)" : "")])];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  ctx.io.out(table.map((row) => row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!))).join("  ")).join("\n") + "\n");
  return 0;
}

async function removeKeys(profile: string, ctx: Context): Promise<number> {
  const meta = readMeta(ctx.env);
  const k = meta.profiles[profile];
  if (!k) throw usageError(`keys remove: no keys stored for ${profile}`, `\`switchrole keys list\` shows those stored`);
  const store = openStore(k.backend, { env: ctx.env, askSecret: askSecretOnTerminal });
  await store.delete(profile);
  await updateMeta(ctx.env, (m) => {
    delete m.profiles[profile];
    delete m.rotations[profile];
  });
  ctx.io.err(`switchrole: removed the keys of ${profile} (${maskKeyId(k.accessKeyId)}) from ${store.shown}; the IAM key itself still exists\n`);
  return 0;
}
