// What keys add and keys rotate share: the profile's source settings, and checking a key
// with STS GetCallerIdentity (which no IAM policy can deny).
import type { Context } from "../context";
import type { Source } from "../types";
import { UserError, maskKeyId } from "../errors";
import type { Profiles } from "../config/profiles";
import { resolveSource, Settings } from "../config/source";
import { regionOf } from "../credentials/plan";
import { asStsFailure, explainFailure } from "../credentials/explain";
import { stsEndpoint } from "../sts/endpoint";
import { loadSts } from "../sts/load";
import type { LongTermKeys } from "./store";

/** The profile's source settings (region for STS); a profile in neither the AWS files nor the keyring yet has none. */
export function sourceOf(profile: string, profiles: Profiles, ctx: Context, region?: string): Source {
  if (profiles.getProfile(profile) === undefined && profiles.storedKey(profile) === undefined) {
    return { sourceProfile: { value: profile, from: "keys argument" }, mfaSessionDuration: { value: 43200, from: "default" }, ...(region ? { region: { value: region, from: "--region" } } : {}) };
  }
  return resolveSource({ sourceProfile: profile, sourceProfileFrom: "keys argument", ...(region ? { region } : {}) }, new Settings(ctx.env, profiles));
}

/** Checks the keys with STS GetCallerIdentity; returns the user's ARN. */
export async function verifyKeys(keys: LongTermKeys, source: Source, ctx: Context, from: string): Promise<string> {
  const sts = await loadSts();
  const region = regionOf(source);
  try {
    return (await sts.getCallerIdentity(keys, { region, env: ctx.env })).arn;
  } catch (err) {
    const f = asStsFailure(err);
    if (f && (f.code === "InvalidClientTokenId" || f.code === "SignatureDoesNotMatch")) {
      throw new UserError(`STS refused the access key ${maskKeyId(keys.accessKeyId)} (${from}): ${f.message}`, "check the access key id and the secret (IAM shows the secret only when the key is made)");
    }
    if (f) throw explainFailure(f, { target: source, action: "GetCallerIdentity", signerKeyId: keys.accessKeyId, signedWith: "source", usedMfa: false, endpoint: stsEndpoint(ctx.env, region) });
    throw err;
  }
}

