// switchrole keys rotate <profile>: IAM CreateAccessKey, check the new key (IAM is
// eventually consistent: GetCallerIdentity is retried within SWITCHROLE_ROTATE_WAIT),
// store it, then DeleteAccessKey the old one. For keys switchrole stores and for keys in
// ~/.aws/credentials (only that section is rewritten).
//
// Kill-safe: before CreateAccessKey the rotation is recorded (meta.ts, no secret), and the
// new key is kept as a pending entry beside the stored one before anything else changes,
// so a kill -9 between any two steps leaves the old or the new key stored and working,
// and at most one extra key in IAM. The next rotate finishes the job: it deletes a key
// whose secret never got stored, or promotes the pending key and deletes the old one.
import { readFileSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import type { Context } from "../context";
import type { Credentials, Source } from "../types";
import { UserError, maskKeyId, usageError } from "../errors";
import { loadProfiles, type Profiles } from "../config/profiles";
import { envValue } from "../config/paths";
import { readTextFile } from "../config/local-file";
import { parseDuration } from "../config/duration";
import { regionOf } from "../credentials/plan";
import { asStsFailure } from "../credentials/explain";
import { engineFor } from "../credentials/wiring";
import { keysFor, readSnapshot, startMfaSession, MFA_SESSION_MIN_TTL_SECONDS } from "../credentials/obtain";
import { toMfaSession } from "../credentials/mfa-entry";
import { isFresh } from "../cache/ttl";
import { mfaPrompt } from "../mfa/code";
import { askSecretOnTerminal } from "../mfa/terminal";
import { loadSts, type StsModule } from "../sts/load";
import { sourceOf, verifyKeys } from "./verify";
import { ensureKeysDir, keysDir, readMeta, updateMeta, type Rotation } from "./meta";
import { openStore, pendingAccount, type KeyStore, type LongTermKeys } from "./store";
import { parseKeys } from "./secret-service";
import { withKeys, rewriteCredentialsFile } from "./credentials-file";
import { writeAtomic } from "./atomic";

/** Where the profile's keys live, read and written the same way whichever it is. */
interface Holder {
  kind: Rotation["store"];
  shown: string;
  current(): Promise<LongTermKeys | undefined>;
  replace(keys: LongTermKeys): Promise<void>;
  pending(): Promise<LongTermKeys | undefined>;
  setPending(keys: LongTermKeys): Promise<void>;
  dropPending(): Promise<void>;
}

function keyringHolder(profile: string, store: KeyStore, ctx: Context, now: () => string): Holder {
  return {
    kind: store.name,
    shown: store.shown,
    current: () => store.get(profile),
    replace: async (keys) => {
      await store.set(profile, keys);
      await updateMeta(ctx.env, (m) => {
        const k = m.profiles[profile];
        if (k) m.profiles[profile] = { ...k, accessKeyId: keys.accessKeyId, rotatedAt: now() };
      });
    },
    pending: () => store.get(pendingAccount(profile)),
    setPending: (keys) => store.set(pendingAccount(profile), keys),
    dropPending: async () => void (await store.delete(pendingAccount(profile))),
  };
}

/** For keys in the credentials file: that section rewritten; the pending key in a 0600 file beside switchrole's metadata. */
function fileHolder(profile: string, profiles: Profiles, ctx: Context): Holder {
  const pendingFile = join(keysDir(ctx.env), `pending-${encodeURIComponent(profile)}.json`);
  const read = () => {
    const r = readTextFile(profiles.credentialsFile, 4 * 1024 * 1024);
    if (!r.ok) throw new UserError(`could not read ${profiles.shownCredentialsFile}: ${r.reason}`);
    return r.text;
  };
  return {
    kind: "credentials-file",
    shown: profiles.shownCredentialsFile,
    current: async () => {
      // Read again: replace() may have rewritten the file since the profiles were loaded.
      const k = (await loadProfiles(ctx.env)).staticKeys(profile);
      return k && { accessKeyId: k.accessKeyId, secretAccessKey: k.secretAccessKey };
    },
    replace: async (keys) => {
      const text = withKeys(read(), profile, keys);
      if (text === undefined) throw new UserError(`[${profile}] in ${profiles.shownCredentialsFile} no longer holds aws_access_key_id`, "put the keys back, then run `switchrole keys rotate` again");
      await rewriteCredentialsFile(profiles.credentialsFile, text);
    },
    pending: async () => {
      try {
        return parseKeys(readFileSync(pendingFile, "utf8"), pendingFile);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw err;
      }
    },
    setPending: async (keys) => {
      ensureKeysDir(ctx.env);
      await writeAtomic(pendingFile, JSON.stringify({ accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey }));
    },
    dropPending: async () => {
      try {
        unlinkSync(pendingFile);
      } catch {
        // gone already
      }
    },
  };
}

/** For the tests: SWITCHROLE_TEST_ROTATE_PAUSE=<step> stops there (to be killed). */
async function pauseAt(step: string, ctx: Context): Promise<void> {
  if (envValue(ctx.env, "SWITCHROLE_TEST_ROTATE_PAUSE") !== step) return;
  ctx.io.err(`switchrole: test pause after ${step}\n`);
  await new Promise(() => setInterval(() => undefined, 60_000));
}

export async function rotateKeys(profile: string, ctx: Context, region?: string): Promise<number> {
  const { env } = ctx;
  const say = (line: string) => ctx.io.err(`switchrole: ${line}\n`);
  const now = () => new Date(ctx.now()).toISOString();
  const profiles = await loadProfiles(env);
  const stored = profiles.storedKey(profile);
  let holder: Holder;
  if (stored) holder = keyringHolder(profile, openStore(stored.backend, { env, askSecret: askSecretOnTerminal }), ctx, now);
  else if (profiles.staticKeys(profile) && profiles.origin(profile, "aws_access_key_id").includes(profiles.shownCredentialsFile)) holder = fileHolder(profile, profiles, ctx);
  else throw usageError(`keys rotate: ${profile} has no keys switchrole stores nor any in ${profiles.shownCredentialsFile}`, `store them with \`switchrole keys add ${profile}\``);
  const current = await holder.current();
  if (!current) throw new UserError(`keys rotate: the keys of ${profile} are not in ${holder.shown}`, `add them again with \`switchrole keys add ${profile}\``);
  const source = sourceOf(profile, profiles, ctx, region);
  const sts = await loadSts();
  const iam = new Iam(sts, source, current, profiles, ctx);
  const waitSeconds = parseDuration(envValue(env, "SWITCHROLE_ROTATE_WAIT") ?? "60", "SWITCHROLE_ROTATE_WAIT").value;

  const inIam = await iam.list();
  const rotation = readMeta(env).rotations[profile];
  const pending = await holder.pending();
  if (rotation) {
    // An earlier rotate was interrupted: finish it.
    const oldKeyId = rotation.oldKeyId;
    if (pending && current.accessKeyId !== pending.accessKeyId && inIam.includes(pending.accessKeyId)) {
      await waitUntilWorks(pending, source, ctx, waitSeconds);
      await holder.replace(pending);
    }
    const now2 = await holder.current();
    const live = now2?.accessKeyId ?? current.accessKeyId;
    if (live !== oldKeyId && inIam.includes(oldKeyId)) await iam.remove(oldKeyId, now2 ?? current);
    const orphans = inIam.filter((id) => id !== live && id !== oldKeyId);
    if (live === oldKeyId) for (const id of orphans) await iam.remove(id, current);
    await holder.dropPending();
    await updateMeta(env, (m) => void delete m.rotations[profile]);
    if (live !== oldKeyId) {
      await iam.carryOver(oldKeyId, live);
      say(`finished the rotation of ${profile} begun ${rotation.startedAt}: ${maskKeyId(live)} is stored in ${holder.shown}, ${maskKeyId(oldKeyId)} deleted`);
      return 0;
    }
    if (orphans.length > 0) say(`deleted ${orphans.map(maskKeyId).join(", ")}, made by an interrupted rotation whose secret was never stored`);
    inIam.splice(0, inIam.length, live);
  } else if (pending) {
    await holder.dropPending();
  }
  const others = inIam.filter((id) => id !== current.accessKeyId);
  if (others.length > 0) throw limitLine(profile, current.accessKeyId, others);

  await updateMeta(env, (m) => {
    m.rotations[profile] = { oldKeyId: current.accessKeyId, store: holder.kind, startedAt: now() };
  });
  const created = await iam.create();
  await pauseAt("create", ctx);
  await holder.setPending(created);
  await updateMeta(env, (m) => {
    const r = m.rotations[profile];
    if (r) r.newKeyId = created.accessKeyId;
  });
  await pauseAt("pending", ctx);
  await waitUntilWorks(created, source, ctx, waitSeconds);
  await pauseAt("verify", ctx);
  await holder.replace(created);
  await pauseAt("store", ctx);
  await iam.remove(current.accessKeyId, created);
  await pauseAt("delete", ctx);
  await holder.dropPending();
  await updateMeta(env, (m) => void delete m.rotations[profile]);
  await iam.carryOver(current.accessKeyId, created.accessKeyId);
  say(`rotated the keys of ${profile}: ${maskKeyId(created.accessKeyId)} is stored in ${holder.shown}, ${maskKeyId(current.accessKeyId)} is deleted from IAM`);
  return 0;
}

function limitLine(profile: string, current: string, others: string[]): UserError {
  return new UserError(
    `keys rotate: the IAM user of ${profile} already has 2 access keys, the most IAM allows (LimitExceeded): ${maskKeyId(current)} (stored, in use) and ${others.map(maskKeyId).join(", ")}`,
    `delete the one not in use first (\`aws iam list-access-keys\` shows their full ids; \`aws iam delete-access-key --access-key-id <id of ${maskKeyId(others[0] as string)}>\`), then rotate again`,
  );
}

/** GetCallerIdentity with the new key until IAM's change has reached STS, within the wait. */
async function waitUntilWorks(keys: LongTermKeys, source: Source, ctx: Context, waitSeconds: number): Promise<void> {
  const deadline = Date.now() + waitSeconds * 1000;
  let pause = 500;
  for (;;) {
    try {
      await verifyKeys(keys, source, ctx, "the new key");
      return;
    } catch (err) {
      if (Date.now() + pause > deadline) {
        throw new UserError(
          `keys rotate: the new key ${maskKeyId(keys.accessKeyId)} did not work within ${waitSeconds} s (${(err as Error).message})`,
          "the old key is still stored and works; run `switchrole keys rotate` again later to finish (or allow more time with SWITCHROLE_ROTATE_WAIT)",
        );
      }
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(pause * 2, 4000);
    }
  }
}

/** The IAM calls, signed with the long-term key, or with an MFA session where the user's policy demands MFA. */
class Iam {
  private mfa: Credentials | undefined;
  constructor(
    private readonly sts: StsModule,
    private readonly source: Source,
    private readonly keys: LongTermKeys,
    private readonly profiles: Profiles,
    private readonly ctx: Context,
  ) {}

  private get opts() {
    return { region: regionOf(this.source), env: this.ctx.env };
  }

  private async signed<T>(signer: Credentials, f: (c: Credentials) => Promise<T>): Promise<T> {
    if (this.mfa) return f(this.mfa);
    try {
      return await f(signer);
    } catch (err) {
      const fail = asStsFailure(err);
      if (fail?.code !== "AccessDenied") throw this.explain(err);
      this.mfa = await this.mfaSession();
      return f(this.mfa).catch((e: unknown) => {
        throw this.explain(e);
      });
    }
  }

  private explain(err: unknown): unknown {
    const f = asStsFailure(err);
    if (!f) return err;
    if (f.code === "LimitExceeded") return new UserError(`keys rotate: IAM refused a new key for ${this.source.sourceProfile.value} (LimitExceeded): ${f.message}`, "delete the access key not in use (`aws iam list-access-keys`, `aws iam delete-access-key`), then rotate again");
    return new UserError(`keys rotate: IAM ${f.action ?? "call"} failed for ${this.source.sourceProfile.value} (${f.code}): ${f.message}`);
  }

  /** The cached MFA session of the source, else a new one (one code). */
  private async mfaSession(): Promise<Credentials> {
    const prompt = { prompt: mfaPrompt(`keys rotate ${this.source.sourceProfile.value}`) };
    const engine = engineFor(this.ctx, { mfa: { mfaProcess: this.source.mfaProcess, mfaProcessFrom: this.source.mfaProcessFrom, ...prompt }, profiles: this.profiles });
    const goal = { kind: "mfa-session" as const, source: this.source };
    const policy = { minTtlSeconds: 0 };
    const snap = await readSnapshot(goal, keysFor(goal, this.keys.accessKeyId, this.ctx.env), engine.cache, policy);
    if (snap.mfaSession && isFresh(snap.mfaSession, this.ctx.now(), MFA_SESSION_MIN_TTL_SECONDS)) return toMfaSession(snap.mfaSession).credentials;
    return (await startMfaSession(this.source, engine)).credentials;
  }

  /**
   * The cached MFA session and device memo of the old key, kept for the new one (the cache
   * keys name the access key id): sessions outlive the key they were made with, in AWS as
   * in the emulator, so a rotation costs no new MFA code.
   */
  async carryOver(oldId: string, newId: string): Promise<void> {
    const { openCache } = require("../cache") as typeof import("../cache");
    const cache = openCache(this.ctx.env, { warn: (line) => this.ctx.io.err(`${line}\n`) });
    const goal = { kind: "mfa-session" as const, source: this.source };
    const [from, to] = [keysFor(goal, oldId, this.ctx.env), keysFor(goal, newId, this.ctx.env)];
    const device = await cache.getDevice(from.device);
    if (device) await cache.putDevice(to.device, device);
    const serial = this.source.mfaSerial?.value ?? device?.mfaSerial;
    const session = serial ? await cache.get(from.mfaSession(serial)) : undefined;
    if (serial && session && isFresh(session, this.ctx.now(), MFA_SESSION_MIN_TTL_SECONDS)) await cache.put(to.mfaSession(serial), session);
  }

  async list(): Promise<string[]> {
    return (await this.signed(this.keys, (c) => this.sts.listAccessKeys(c, this.opts))).map((k) => k.accessKeyId);
  }

  async create(): Promise<LongTermKeys> {
    return this.signed(this.keys, (c) => this.sts.createAccessKey(c, this.opts));
  }

  async remove(accessKeyId: string, signer: LongTermKeys): Promise<void> {
    await this.signed(signer, (c) => this.sts.deleteAccessKey(c, { ...this.opts, accessKeyId }));
  }
}
