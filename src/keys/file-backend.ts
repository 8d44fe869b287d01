// The encrypted file backend, for machines without a keyring service (a headless Linux
// box): every stored profile's keys in one file, $XDG_CONFIG_HOME/switchrole/keys.enc
// (0600), sealed with AES-256-GCM (node:crypto) under a key derived from a passphrase with
// scrypt. The passphrase comes from SWITCHROLE_FILE_PASSPHRASE, else the terminal (not
// echoed). Each write uses a new salt and IV; the header is authenticated with the data.
import { UserError } from "../errors";
import { displayPath, envValue } from "../config/paths";
import { readTextFile } from "../config/local-file";
import { isNoTerminalError } from "../mfa/terminal";
import { ensureKeysDir, keysFile } from "./meta";
import { writeAtomic } from "./atomic";
import { parseKeys } from "./secret-service";
import type { KeyStore, LongTermKeys, StoreOptions } from "./store";

const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

interface Sealed {
  version: 1;
  kdf: { name: "scrypt"; N: number; r: number; p: number; salt: string };
  cipher: "aes-256-gcm";
  iv: string;
  tag: string;
  data: string;
}

type Entries = Record<string, LongTermKeys>;

function header(s: Pick<Sealed, "version" | "kdf" | "cipher" | "iv">): Buffer {
  return Buffer.from(JSON.stringify({ version: s.version, kdf: s.kdf, cipher: s.cipher, iv: s.iv }));
}

export function seal(entries: Entries, passphrase: string): string {
  const { randomBytes, scryptSync, createCipheriv } = require("node:crypto") as typeof import("node:crypto");
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = scryptSync(passphrase, salt, 32, SCRYPT);
  const base = { version: 1 as const, kdf: { name: "scrypt" as const, N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, salt: salt.toString("base64") }, cipher: "aes-256-gcm" as const, iv: iv.toString("base64") };
  const c = createCipheriv("aes-256-gcm", key, iv);
  c.setAAD(header(base));
  const data = Buffer.concat([c.update(JSON.stringify(entries), "utf8"), c.final()]);
  const sealed: Sealed = { ...base, tag: c.getAuthTag().toString("base64"), data: data.toString("base64") };
  return `${JSON.stringify(sealed)}\n`;
}

/** The entries, or undefined when the passphrase (or the file) is wrong; throws on a file that is not ours. */
export function unseal(text: string, passphrase: string, shown: string): Entries | undefined {
  const { scryptSync, createDecipheriv } = require("node:crypto") as typeof import("node:crypto");
  let s: Sealed;
  try {
    s = JSON.parse(text) as Sealed;
    if (s.version !== 1 || s.kdf?.name !== "scrypt" || s.cipher !== "aes-256-gcm") throw new Error("format");
  } catch {
    throw new UserError(`${shown} is not a switchrole key file`, "move it away and add the keys again with `switchrole keys add <profile>`");
  }
  const { N, r, p, salt } = s.kdf;
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 2 ** 20 || r > 32 || p > 16) throw new UserError(`${shown} asks for scrypt parameters switchrole does not use`, "move it away and add the keys again");
  const key = scryptSync(passphrase, Buffer.from(salt, "base64"), 32, { N, r, p, maxmem: 256 * 1024 * 1024 });
  try {
    const d = createDecipheriv("aes-256-gcm", key, Buffer.from(s.iv, "base64"));
    d.setAAD(header(s));
    d.setAuthTag(Buffer.from(s.tag, "base64"));
    const plain = Buffer.concat([d.update(Buffer.from(s.data, "base64")), d.final()]).toString("utf8");
    const parsed = JSON.parse(plain) as Record<string, string>;
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, parseKeys(JSON.stringify(v), shown)]));
  } catch (err) {
    if (err instanceof UserError) throw err;
    return undefined;
  }
}

export function fileStore(opts: StoreOptions): KeyStore {
  const path = keysFile(opts.env);
  const shown = displayPath(path, opts.env);
  let passphrase: string | undefined;
  let cached: Entries | undefined;

  const askPassphrase = async (creating: boolean): Promise<string> => {
    const set = envValue(opts.env, "SWITCHROLE_FILE_PASSPHRASE");
    if (set !== undefined) return set;
    try {
      const first = await opts.askSecret(`Passphrase for ${shown}: `);
      if (first === "") throw new UserError(`no passphrase given for ${shown}`, "type one, or set SWITCHROLE_FILE_PASSPHRASE");
      if (creating && (await opts.askSecret("The same passphrase again: ")) !== first) throw new UserError("the two passphrases differ", "run it again and type the same passphrase twice");
      return first;
    } catch (err) {
      if (isNoTerminalError(err)) throw new UserError(`the keys in ${shown} need its passphrase, but there is no terminal to ask on`, "set SWITCHROLE_FILE_PASSPHRASE, or run it in a terminal");
      throw err;
    }
  };

  const load = async (): Promise<Entries> => {
    if (cached) return cached;
    const read = readTextFile(path, 4 * 1024 * 1024);
    if (!read.ok && read.problem === "missing") {
      passphrase ??= await askPassphrase(true);
      return (cached = {});
    }
    if (!read.ok) throw new UserError(`${shown} cannot be read: ${read.reason}`);
    passphrase ??= await askPassphrase(false);
    const entries = unseal(read.text, passphrase, shown);
    if (!entries) {
      throw new UserError(`the passphrase does not open ${shown} (a wrong passphrase, or the file was changed)`, "check SWITCHROLE_FILE_PASSPHRASE or type it again");
    }
    return (cached = entries);
  };

  const save = async (entries: Entries) => {
    ensureKeysDir(opts.env);
    await writeAtomic(path, seal(entries, passphrase as string));
    cached = entries;
  };

  return {
    name: "file",
    shown,
    get: async (account) => (await load())[account],
    set: async (account, keys) => save({ ...(await load()), [account]: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey } }),
    delete: async (account) => {
      const entries = await load();
      if (!(account in entries)) return false;
      const { [account]: _gone, ...rest } = entries;
      await save(rest);
      return true;
    },
  };
}
