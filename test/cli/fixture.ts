// What the CLI tests share: the seed's world plus a second bastion user WITHOUT an MFA
// device (profile "nomfa"), so roles that need no MFA can be assumed without a code, and
// a compact view of the emulator's call log to assert on.
import { appendFileSync } from "node:fs";
import type { EmulatorCall } from "../helpers/emulator";
import { seedHome, type SeedHome, type SeedHomeOptions } from "../helpers/home";
import type { Emulator } from "../helpers/emulator";
import { BASTION, seedWorld, type World } from "../helpers/world";

export const NOMFA = {
  userArn: `arn:aws:iam::${BASTION.accountId}:user/nomfa`,
  accessKeyId: "AKIAEMULATORNOMFA001",
  secretAccessKey: "nomfa/EMULATOR/secret+key/0123456789ABCD",
} as const;

export const ROLE_ARN_PREFIX = "arn:aws:sts::123456789012:assumed-role";

export function cliWorld(): World {
  const world = seedWorld();
  world.users.push({ arn: NOMFA.userArn, accessKeys: [{ id: NOMFA.accessKeyId, secret: NOMFA.secretAccessKey }] });
  return world;
}

/** seedHome plus a [nomfa] profile (keys of the MFA-less user, same region as bastion). */
export function cliHome(emu: Emulator, opts: SeedHomeOptions = {}): SeedHome {
  const h = seedHome(emu, { ...opts, config: `[profile nomfa]\nregion=ap-northeast-1\n${opts.config ?? ""}` });
  appendFileSync(`${h.home}/.aws/credentials`, `[nomfa]\naws_access_key_id=${NOMFA.accessKeyId}\naws_secret_access_key=${NOMFA.secretAccessKey}\n`);
  return h;
}

/** One call as "Action status [code] [+code]", e.g. "AssumeRole 403 AccessDenied". */
export function brief(c: EmulatorCall): string {
  return [c.action, c.status, c.errorCode, c.tokenCodePresent ? "+mfa" : undefined].filter((x) => x !== undefined && x !== null).join(" ");
}

/** The calls made with one access key (tests running concurrently share an emulator). */
export async function callsBy(emu: Emulator, accessKeyIds: string[] | ((c: EmulatorCall) => boolean)): Promise<string[]> {
  const keep = typeof accessKeyIds === "function" ? accessKeyIds : (c: EmulatorCall) => c.accessKeyId !== null && accessKeyIds.includes(c.accessKeyId);
  return (await emu.calls()).filter(keep).map(brief);
}
