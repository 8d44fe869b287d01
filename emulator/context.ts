// What an action handler gets: the state, the authenticated caller, the parameters, and
// the call-log entry it may enrich (never with a secret or an MFA code).
import type { State, Caller } from "./state";
import type { EmulatorCall } from "./types";
import type { Xml } from "./xml";

export interface Ctx {
  state: State;
  caller: Caller;
  params: URLSearchParams;
  log: EmulatorCall;
}

export type Handler = (ctx: Ctx) => Xml;

/** ISO 8601 without milliseconds, as STS writes Expiration. */
export const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
