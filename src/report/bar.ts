// The time-left bar of `switchrole status`: how much of a session's lifetime is left.
// Colour says whether it is still handed out: green, yellow under a quarter left, red
// once below the minimum (it is replaced on next use) or expired.

export interface BarStyle {
  /** ANSI colours (off under NO_COLOR or when not a terminal). */
  color: boolean;
  width?: number;
}

const GREEN = "\x1b[32m";
const YELLOW = "\x1b[33m";
const RED = "\x1b[31m";
const DIM = "\x1b[2m";
const RESET = "\x1b[0m";

/** remaining/total in ms; minMs: below this the session is no longer handed out. */
export function timeBar(remainingMs: number, totalMs: number, minMs: number, style: BarStyle): string {
  const width = style.width ?? 20;
  const fraction = totalMs > 0 ? Math.min(1, Math.max(0, remainingMs / totalMs)) : 0;
  const filled = remainingMs > 0 ? Math.max(1, Math.round(fraction * width)) : 0;
  const full = "█".repeat(filled);
  const empty = "░".repeat(width - filled);
  if (!style.color) return full + empty;
  const colour = remainingMs < minMs || remainingMs <= 0 ? RED : fraction < 0.25 ? YELLOW : GREEN;
  return (full ? `${colour}${full}${RESET}` : "") + (empty ? `${DIM}${empty}${RESET}` : "");
}

export { GREEN, YELLOW, RED, DIM, RESET };
