// A temporary HOME holding real ~/.aws files, and assertions on UserErrors.
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { UserError } from "../../src/errors";
import { tempDir } from "../helpers/tmp";

export interface Home {
  home: string;
  /** A plain env with only HOME set (add variables per test). */
  env: Record<string, string>;
  /** Writes a file under HOME (creating directories) and returns its absolute path. */
  write(relative: string, text: string): string;
}

/** A fresh HOME with ~/.aws/{config,credentials,accounts} as given (omitted = absent). */
export function tempHome(files: { config?: string; credentials?: string; accounts?: string } = {}): Home {
  const home = tempDir("switchrole-config-");
  const write = (relative: string, text: string) => {
    const p = join(home, relative);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
    return p;
  };
  if (files.config !== undefined) write(".aws/config", files.config);
  if (files.credentials !== undefined) write(".aws/credentials", files.credentials);
  if (files.accounts !== undefined) write(".aws/accounts", files.accounts);
  return { home, env: { HOME: home }, write };
}

/** The seed's files (docs/seed-walkthrough.md, "The setup"), verbatim. */
export const SEED = {
  credentials: "[bastion]\naws_access_key_id=AKIAXXXXXXXXXXXXXXXX\naws_secret_access_key=XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\n",
  config: "[profile bastion]\nregion=ap-northeast-1\n",
  accounts: '{\n  "private_aws": "123456789012"\n}\n',
};

/** Asserts a usage error (exit 2) with exactly this message (and hint, when given). */
export function isUsageError(message: string, hint?: string): (e: unknown) => true {
  return (e: unknown) => {
    assert.ok(e instanceof UserError, `expected a UserError, got ${String(e)}`);
    assert.equal(e.message, message);
    if (hint !== undefined) assert.equal(e.hint, hint);
    assert.equal(e.exitCode, 2);
    return true;
  };
}
