// The seed's accounts file: JSON mapping a short account name to its 12-digit id,
// e.g. {"private_aws": "123456789012"}. Validated on load; a missing file is an empty
// map (an error only when a name has to be looked up in it).
import { usageError } from "../errors";
import { MAX_CONFIG_BYTES, readTextFile, unreadableFile } from "./local-file";
import { accountsFile, displayPath, type Env } from "./paths";

export interface Accounts {
  /** Absolute path of the file read (or that would have been read). */
  file: string;
  /** The path for messages (~ for $HOME). */
  shownFile: string;
  exists: boolean;
  /** name -> 12-digit account id, in file order. */
  ids: Map<string, string>;
}

/** Receives one line for stderr, without the `switchrole: ` prefix. */
export type Warn = (line: string) => void;

const EXAMPLE = '{"private_aws": "123456789012"}';

/** Reads and validates the accounts file named by env (ACCOUNTS_FILE or ~/.aws/accounts). */
export function loadAccounts(env: Env, warn: Warn = () => {}): Accounts {
  const file = accountsFile(env);
  const shownFile = displayPath(file, env);
  const read = readTextFile(file, MAX_CONFIG_BYTES, { devNull: true });
  if (!read.ok) {
    if (read.problem === "missing") return { file, shownFile, exists: false, ids: new Map() };
    throw unreadableFile(shownFile, read, "ACCOUNTS_FILE");
  }
  const text = read.text;
  let data: unknown;
  try {
    // Editors on Windows save UTF-8 with a byte order mark, which JSON.parse refuses.
    data = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    throw usageError(`${shownFile} is not valid JSON: ${(e as Error).message}`, `it maps account names to 12-digit ids, e.g. ${EXAMPLE}`);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw usageError(`${shownFile} must hold a JSON object of account names and ids`, `for example ${EXAMPLE}`);
  }
  const ids = new Map<string, string>();
  for (const [name, value] of Object.entries(data)) {
    ids.set(name, accountId(name, value, shownFile, warn));
  }
  return { file, shownFile, exists: true, ids };
}

function accountId(name: string, value: unknown, shownFile: string, warn: Warn): string {
  const key = JSON.stringify(name);
  const hint = `write the id as a 12-digit string, e.g. ${key}: "012345678901"`;
  if (typeof value === "string") {
    if (/^\d{12}$/.test(value)) return value;
    throw usageError(`account ${key} in ${shownFile} is ${JSON.stringify(value)}, not a 12-digit account id`, hint);
  }
  if (typeof value === "number" && Number.isInteger(value) && value >= 0) {
    const digits = String(value);
    if (digits.length === 12) {
      warn(`account ${key} in ${shownFile} is the JSON number ${digits}; write it as the string "${digits}" (numbers lose leading zeros)`);
      return digits;
    }
    throw usageError(
      `account ${key} in ${shownFile} is the number ${digits}, which has ${digits.length} digits, not 12 (JSON numbers lose leading zeros)`,
      `${hint}, with any leading zeros`,
    );
  }
  throw usageError(`account ${key} in ${shownFile} is ${JSON.stringify(value)}, not a 12-digit account id`, hint);
}

/** The first name in the file for an account id, if any. */
export function accountNameOf(accounts: Accounts, id: string): string | undefined {
  for (const [name, value] of accounts.ids) if (value === id) return name;
  return undefined;
}
