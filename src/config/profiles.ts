// AWS profiles, read with AWS's own INI loader so the files mean exactly what they mean
// to the AWS CLI and SDKs: `[profile x]` (and `[default]`) in the config file, `[x]` in
// the credentials file, the credentials file winning key by key. Paths come from paths.ts
// (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, with HOME from the env passed in).
// switchrole reads the files itself (local-file.ts: non-blocking, regular files only, at
// most 4 MiB) and hands the text to the loader, so it parses exactly what it always did.
import { externalDataInterceptor, loadSharedConfigFiles } from "@smithy/shared-ini-file-loader";
import type { Credentials } from "../types";
import { usageError } from "../errors";
import { configFile, credentialsFile, displayPath, type Env } from "./paths";
import { profileOrigin } from "./origin";
import { MAX_CONFIG_BYTES, readTextFile, unreadableFile } from "./local-file";
import { iniProblems } from "./ini-check";
import { keysFile, readMeta, type StoredKey } from "../keys/meta";

export type Profile = Readonly<Record<string, string | undefined>>;
type Sections = Record<string, Record<string, string | undefined>>;

export interface Profiles {
  configFile: string;
  credentialsFile: string;
  /** "~/.aws/config or ~/.aws/credentials", for messages. */
  shownFiles: string;
  /** The credentials file for messages ("~/.aws/credentials"). */
  shownCredentialsFile: string;
  /** Whether the credentials file exists. */
  credentialsFileExists: boolean;
  /** Every profile name in either file, sorted. */
  names(): string[];
  /** The merged profile (credentials file over config file), or undefined. */
  getProfile(name: string): Profile | undefined;
  /** `from` for a key: "<key> in profile <name> (<file it was read from>)". */
  origin(name: string, key: string): string;
  /** Static keys from the profile (never from AWS_ACCESS_KEY_ID and friends). */
  staticKeys(name: string): Credentials | undefined;
  /** The files' text as read ("" for a missing file), for the SDK to resolve credential_process from the same. */
  texts: Readonly<Record<string, string>>;
  /** The keys switchrole stores for the profile (the keyring or its encrypted file; src/keys/meta.ts), without the secret. */
  storedKey(name: string): StoredKey | undefined;
  /**
   * The source's access key id without reading a keyring, and where its keys come from
   * ("the OS keyring (secret-service)", "the encrypted file ...", "~/.aws/credentials"),
   * for status and plan; undefined when the SDK resolves them (credential_process, SSO).
   */
  sourceKeyInfo(name: string): { accessKeyId: string; from: string } | undefined;
  /** Lines of either file that AWS's loader skips (ini-check.ts), as warnings without the prefix; emitted by resolveTarget. */
  warnings: readonly string[];
}

/** A file's text, "" when it does not exist; a usage error when it is not a readable regular file within the limit. */
function readAwsFile(path: string, variable: string, env: Env): { text: string; exists: boolean } {
  const read = readTextFile(path, MAX_CONFIG_BYTES, { devNull: true });
  if (read.ok) return { text: read.text, exists: true };
  if (read.problem === "missing") return { text: "", exists: false };
  throw unreadableFile(displayPath(path, env), read, variable);
}

export async function loadProfiles(env: Env): Promise<Profiles> {
  const cfg = configFile(env);
  const creds = credentialsFile(env);
  const read = { [cfg]: readAwsFile(cfg, "AWS_CONFIG_FILE", env), [creds]: readAwsFile(creds, "AWS_SHARED_CREDENTIALS_FILE", env) };
  const texts = Object.fromEntries(Object.entries(read).map(([path, r]) => [path, r.text]));
  // The loader takes these texts instead of reading the paths (an empty text is a missing
  // file to it); it swallows parse errors, as the SDK does.
  for (const [path, text] of Object.entries(texts)) externalDataInterceptor.interceptFile(path, text);
  const files = await loadSharedConfigFiles({ filepath: creds, configFilepath: cfg, ignoreCache: true });
  const config = files.configFile as Sections;
  const credentials = files.credentialsFile as Sections;
  const shown = (p: string) => displayPath(p, env) + (read[p]?.exists ? "" : " (missing)");
  const own = (s: Sections, name: string) => (Object.hasOwn(s, name) ? s[name] : undefined);

  const getProfile = (name: string): Profile | undefined => {
    const a = own(config, name);
    const b = own(credentials, name);
    return a || b ? { ...a, ...b } : undefined;
  };
  // switchrole's own list of stored keys (one small file; no keyring is opened here).
  const stored = readMeta(env).profiles;
  const fileOf = (name: string, key: string) =>
    own(credentials, name)?.[key] !== undefined ? creds : cfg;

  const profiles: Profiles = {
    configFile: cfg,
    credentialsFile: creds,
    get shownFiles() {
      return `${shown(cfg)} or ${shown(creds)}`; // checked only when a message needs it
    },
    shownCredentialsFile: displayPath(creds, env),
    credentialsFileExists: read[creds]?.exists === true,
    texts,
    warnings: [cfg, creds].flatMap((p) => iniProblems(texts[p] ?? "", displayPath(p, env))),
    names: () => [...new Set([...Object.keys(config), ...Object.keys(credentials), ...Object.keys(stored)])].sort(),
    storedKey: (name) => (Object.hasOwn(stored, name) ? stored[name] : undefined),
    sourceKeyInfo(name) {
      const k = Object.hasOwn(stored, name) ? stored[name] : undefined;
      if (k) return { accessKeyId: k.accessKeyId, from: k.backend === "file" ? `the encrypted file ${displayPath(keysFile(env), env)}` : "the OS keyring (secret-service)" };
      let id: string | undefined;
      try {
        id = profiles.staticKeys(name)?.accessKeyId;
      } catch {
        return undefined;
      }
      return id ? { accessKeyId: id, from: displayPath(fileOf(name, "aws_access_key_id"), env) } : undefined;
    },
    getProfile,
    origin: (name, key) => profileOrigin(key, name, displayPath(fileOf(name, key), env)),
    staticKeys(name) {
      const p = getProfile(name);
      const id = p?.aws_access_key_id;
      const secret = p?.aws_secret_access_key;
      if (!id && !secret) return undefined;
      if (!id || !secret) {
        const [has, lacks] = id ? ["aws_access_key_id", "aws_secret_access_key"] : ["aws_secret_access_key", "aws_access_key_id"];
        throw usageError(
          `profile ${name} has ${has} but no ${lacks} (${displayPath(fileOf(name, has), env)})`,
          `add ${lacks} to [${name}] in ${displayPath(creds, env)}`,
        );
      }
      return { accessKeyId: id, secretAccessKey: secret, ...(p.aws_session_token ? { sessionToken: p.aws_session_token } : {}) };
    },
  };
  return profiles;
}
