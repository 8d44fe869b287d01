// The terminal prompt used inside direnv: when direnv's "is taking a while to execute"
// line lands in the middle of the prompt, the prompt and what was typed so far are drawn
// again on the next line, so the user sees where to keep typing.
import { askOnTerminal, type Ask } from "../mfa/terminal";

/** How long after the expected warning to redraw (direnv's timer starts a little before ours). */
export const REDRAW_MARGIN_MS = 150;

/** warnAt: Unix ms of direnv's warning (undefined: never redraw). */
export function askRedrawingAfter(warnAt: number | undefined, now: () => number = Date.now): Ask {
  return (question) => askOnTerminal(question, { redrawAt: warnAt === undefined ? undefined : warnAt + REDRAW_MARGIN_MS, now });
}
