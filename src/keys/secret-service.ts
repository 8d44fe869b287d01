// The OS keyring through @napi-rs/keyring: the Secret Service (gnome-keyring, KWallet)
// over D-Bus on Linux, Keychain on macOS, Credential Manager on Windows. One entry per
// profile, service "switchrole", its secret the keys as JSON. The native addon is
// required here only, when keys are read or written.
import { UserError } from "../errors";
import type { KeyStore, LongTermKeys } from "./store";

const SERVICE = "switchrole";

type Keyring = typeof import("@napi-rs/keyring");

/**
 * The addon, or one line when it is absent: it is an optional peer of switchrole (its
 * native part alone is over 3 MB), installed beside it for the OS keyring.
 */
export function keyring(): Keyring {
  try {
    return require("@napi-rs/keyring") as Keyring;
  } catch {
    throw new UserError(
      `the OS keyring needs @napi-rs/keyring (for ${process.platform}-${process.arch}), which is not installed beside switchrole`,
      "install it with `npm install -g @napi-rs/keyring`, or use the encrypted file: SWITCHROLE_KEYRING=file",
    );
  }
}

export function keyringInstalled(): boolean {
  try {
    keyring();
    return true;
  } catch {
    return false;
  }
}

function entry(account: string) {
  const { AsyncEntry } = keyring();
  // Pinned to the Secret Service on Linux: never the kernel keyring, which forgets at logout.
  return new AsyncEntry(SERVICE, account, { linux: { store: "secret-service" } });
}

/** The keyring's failure in one line, without anything it was given. */
function unavailable(err: unknown): UserError {
  const why = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, " ").trim();
  return new UserError(`the OS keyring (Secret Service) failed: ${why}`, "start or unlock your keyring (gnome-keyring, KWallet), or use the encrypted file instead: SWITCHROLE_KEYRING=file");
}

export function parseKeys(text: string, where: string): LongTermKeys {
  let k: Partial<LongTermKeys> = {};
  try {
    k = JSON.parse(text) as Partial<LongTermKeys>;
  } catch {
    // reported below
  }
  if (typeof k.accessKeyId !== "string" || typeof k.secretAccessKey !== "string") {
    throw new UserError(`the keys stored in ${where} are not switchrole's (accessKeyId and secretAccessKey)`, "store them again with `switchrole keys add <profile>`");
  }
  return { accessKeyId: k.accessKeyId, secretAccessKey: k.secretAccessKey };
}

export function secretServiceStore(): KeyStore {
  const shown = "the OS keyring (Secret Service)";
  const guarded = async <T>(f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (err) {
      if (err instanceof UserError) throw err;
      throw unavailable(err);
    }
  };
  return {
    name: "secret-service",
    shown,
    get: (account) =>
      guarded(async () => {
        const text = await entry(account).getPassword();
        return text == null ? undefined : parseKeys(text, shown);
      }),
    set: (account, keys) => guarded(() => entry(account).setPassword(JSON.stringify({ accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey }))),
    delete: (account) => guarded(() => entry(account).deletePassword()),
  };
}

/** Whether a Secret Service answers on D-Bus (a lookup of an entry that need not exist). */
export async function secretServiceAnswers(): Promise<boolean> {
  try {
    await entry("switchrole-probe").getPassword();
    return true;
  } catch {
    return false;
  }
}
