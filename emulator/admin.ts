// The unsigned admin API under /__emulator/ for tests and the demo; loopback callers only.
import type { IncomingMessage, ServerResponse } from "node:http";
import { REVOKE_POLICY_NAME, UnknownTarget, type State } from "./state";
import type { AccessKeyAnswer, AccessKeyStatus, ConsistencyAnswer, FaultSpec, MfaCodeAnswer, RevokeAnswer, RevokeSessionsAnswer, RevokeSessionsSpec, RevokeSpec } from "./types";

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/** 200 with what `f` answers, or 404 when it names something the emulator does not know. */
function known(res: ServerResponse, f: () => unknown): void {
  let answer: unknown;
  try {
    answer = f();
  } catch (e) {
    if (e instanceof UnknownTarget) return json(res, 404, { error: e.message });
    throw e;
  }
  json(res, 200, answer);
}

function parseJson(body: Buffer): Record<string, unknown> {
  const text = body.toString("utf8").trim();
  if (text === "") return {};
  const v: unknown = JSON.parse(text);
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error("body must be a JSON object");
  return v as Record<string, unknown>;
}

function parseFault(b: Record<string, unknown>): FaultSpec & { count: number } {
  const bad = (field: string, want: string): never => {
    throw new Error(`${field} must be ${want}`);
  };
  if (typeof b.action !== "string" || b.action === "") bad("action", 'an action name or "*"');
  const count = b.count ?? 1;
  if (typeof count !== "number" || !Number.isInteger(count) || count < 1) bad("count", "a positive integer");
  if (b.status !== undefined && (typeof b.status !== "number" || b.status < 400 || b.status > 599)) bad("status", "an HTTP error status (400-599)");
  if (b.delayMs !== undefined && (typeof b.delayMs !== "number" || b.delayMs < 0)) bad("delayMs", "a non-negative number");
  for (const k of ["code", "message"]) if (b[k] !== undefined && typeof b[k] !== "string") bad(k, "a string");
  if (b.drop !== undefined && typeof b.drop !== "boolean") bad("drop", "a boolean");
  if (b.hang !== undefined && typeof b.hang !== "boolean") bad("hang", "a boolean");
  if (b.hang && (b.status !== undefined || b.drop)) throw new Error("hang cannot be combined with status or drop");
  if (b.status === undefined && !b.drop && !b.hang && b.delayMs === undefined) bad("status, delayMs, drop or hang", "given");
  return { ...(b as unknown as FaultSpec), count: count as number };
}

const REVOKE_FIELDS = ["accessKeyId", "source", "userArn"] as const;

function parseRevoke(b: Record<string, unknown>): RevokeSpec {
  const given = REVOKE_FIELDS.filter((k) => b[k] !== undefined);
  const unknown = Object.keys(b).filter((k) => !(REVOKE_FIELDS as readonly string[]).includes(k));
  if (given.length !== 1 || unknown.length > 0) throw new Error("give exactly one of accessKeyId, source or userArn");
  const k = given[0]!;
  if (typeof b[k] !== "string" || b[k] === "") throw new Error(`${k} must be a non-empty string`);
  return { [k]: b[k] } as RevokeSpec;
}

/** Exactly the fields named, each a non-empty string (or, for `status`, one of IAM's two). */
function fields(b: Record<string, unknown>, required: readonly string[]): Record<string, string> {
  const unknown = Object.keys(b).filter((k) => !required.includes(k));
  const missing = required.filter((k) => b[k] === undefined);
  if (unknown.length > 0 || missing.length > 0) throw new Error(`give exactly ${required.join(" and ")}`);
  for (const k of required) if (typeof b[k] !== "string" || b[k] === "") throw new Error(`${k} must be a non-empty string`);
  if (b.status !== undefined && b.status !== "Active" && b.status !== "Inactive") throw new Error('status must be "Active" or "Inactive"');
  return b as Record<string, string>;
}

function parseRevokeSessions(b: Record<string, unknown>): RevokeSessionsSpec {
  const given = ["roleArn", "userArn"].filter((k) => b[k] !== undefined);
  if (given.length !== 1 || Object.keys(b).length !== 1) throw new Error("give exactly one of roleArn or userArn");
  return fields(b, given) as RevokeSessionsSpec;
}

export function handleAdmin(state: State, req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams, body: Buffer): void {
  if (!LOOPBACK.has(req.socket.remoteAddress ?? "")) return json(res, 403, { error: "the admin API answers loopback callers only" });
  const route = `${req.method} ${path}`;
  try {
    switch (route) {
      case "GET /__emulator/calls":
        return json(res, 200, state.calls);
      case "GET /__emulator/clock":
        return json(res, 200, { now: new Date(state.now()).toISOString(), offsetSeconds: state.offsetMs / 1000 });
      case "POST /__emulator/clock": {
        const { advanceSeconds } = parseJson(body);
        if (typeof advanceSeconds !== "number" || !Number.isFinite(advanceSeconds) || advanceSeconds < 0) {
          return json(res, 400, { error: "advanceSeconds must be a non-negative number" });
        }
        state.offsetMs += advanceSeconds * 1000;
        return json(res, 200, { now: new Date(state.now()).toISOString(), offsetSeconds: state.offsetMs / 1000 });
      }
      case "GET /__emulator/mfa-code": {
        const serial = query.get("serial") ?? "";
        const shown = state.mfa.show(serial, state.now());
        if (!shown) return json(res, 404, { error: `no MFA device with serial ${JSON.stringify(serial)}` });
        const answer: MfaCodeAnswer = { serial, ...shown };
        return json(res, 200, answer);
      }
      case "POST /__emulator/faults":
        state.faults.push(parseFault(parseJson(body)));
        return json(res, 200, { pending: state.faults });
      case "POST /__emulator/revoke": {
        const spec = parseRevoke(parseJson(body));
        let accessKeyIds: string[];
        try {
          accessKeyIds = state.revoke(spec);
        } catch (e) {
          if (e instanceof UnknownTarget) return json(res, 404, { error: e.message });
          throw e;
        }
        const answer: RevokeAnswer = { revoked: accessKeyIds.length, accessKeyIds };
        return json(res, 200, answer);
      }
      case "POST /__emulator/access-keys/update":
      case "POST /__emulator/access-keys/delete": {
        const update = route.endsWith("/update");
        const b = fields(parseJson(body), update ? ["accessKeyId", "status"] : ["accessKeyId"]);
        return known(res, () => {
          const key = update ? state.updateAccessKey(b.accessKeyId!, b.status as AccessKeyStatus) : state.deleteAccessKey(b.accessKeyId!);
          const answer: AccessKeyAnswer = { accessKeyId: b.accessKeyId!, userArn: key.user.arn, status: update ? key.status : "Deleted" };
          return answer;
        });
      }
      case "POST /__emulator/revoke-sessions": {
        const spec = parseRevokeSessions(parseJson(body));
        const arn = "roleArn" in spec ? spec.roleArn : spec.userArn;
        return known(res, () => {
          const { at, policy } = state.revokeSessions("roleArn" in spec ? "role" : "user", arn);
          const answer: RevokeSessionsAnswer = { arn, policyName: REVOKE_POLICY_NAME, tokenIssueTime: new Date(at).toISOString(), policy: policy as RevokeSessionsAnswer["policy"] };
          return answer;
        });
      }
      case "GET /__emulator/consistency":
      case "POST /__emulator/consistency": {
        if (route.startsWith("POST")) {
          const b = parseJson(body);
          const n = b.newKeyDelayMs;
          if (Object.keys(b).some((k) => k !== "newKeyDelayMs") || typeof n !== "number" || !Number.isFinite(n) || n < 0) {
            return json(res, 400, { error: "give exactly newKeyDelayMs, a non-negative number of milliseconds" });
          }
          state.newKeyDelayMs = n;
        }
        const answer: ConsistencyAnswer = { newKeyDelayMs: state.newKeyDelayMs };
        return json(res, 200, answer);
      }
      case "POST /__emulator/reset":
        state.reset();
        return json(res, 200, {});
      default:
        return json(res, 404, { error: `no admin route ${route}` });
    }
  } catch (e) {
    return json(res, 400, { error: e instanceof Error ? e.message : String(e) });
  }
}
