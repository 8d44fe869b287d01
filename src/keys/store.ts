// Where a profile's long-term keys are kept: the OS keyring (the Secret Service on Linux,
// through @napi-rs/keyring) or an encrypted file (file-backend.ts). Both are loaded only
// when keys are read or written: a cached lookup opens neither (see meta.ts).
import type { Credentials } from "../types";
import { usageError } from "../errors";
import { envValue, type Env } from "../config/paths";
import { BACKENDS, type BackendName } from "./meta";
import type { Ask } from "../mfa/terminal";

/** Long-term keys: no session token. */
export type LongTermKeys = Pick<Credentials, "accessKeyId" | "secretAccessKey">;

export interface KeyStore {
  readonly name: BackendName;
  /** Where, for messages ("the Secret Service (D-Bus)", "~/.config/switchrole/keys.enc"). */
  readonly shown: string;
  get(account: string): Promise<LongTermKeys | undefined>;
  set(account: string, keys: LongTermKeys): Promise<void>;
  delete(account: string): Promise<boolean>;
}

export interface StoreOptions {
  env: Env;
  /** Asks for the file backend's passphrase (hidden), when SWITCHROLE_FILE_PASSPHRASE is not set. */
  askSecret: Ask;
}

/** The account name a pending (rotated, not yet confirmed) key is kept under. */
export function pendingAccount(profile: string): string {
  return `${profile}#pending`;
}

export function openStore(name: BackendName, opts: StoreOptions): KeyStore {
  if (name === "secret-service") return (require("./secret-service") as typeof import("./secret-service")).secretServiceStore();
  return (require("./file-backend") as typeof import("./file-backend")).fileStore(opts);
}

/**
 * The backend for new keys: $SWITCHROLE_KEYRING, else the Secret Service when one answers
 * on D-Bus, else the encrypted file.
 */
export async function chooseBackend(env: Env, note: (line: string) => void = () => {}): Promise<BackendName> {
  const set = envValue(env, "SWITCHROLE_KEYRING");
  if (set !== undefined) {
    if (!(BACKENDS as readonly string[]).includes(set)) throw usageError(`SWITCHROLE_KEYRING=${set} is not a keyring switchrole knows`, `use ${BACKENDS.join(" or ")}, or unset it to choose by whether a Secret Service answers`);
    return set as BackendName;
  }
  const { keyringInstalled, secretServiceAnswers } = require("./secret-service") as typeof import("./secret-service");
  if (!keyringInstalled()) {
    note("switchrole: note: the OS keyring needs @napi-rs/keyring beside switchrole (`npm install -g @napi-rs/keyring`); using the encrypted file");
    return "file";
  }
  return (await secretServiceAnswers()) ? "secret-service" : "file";
}
