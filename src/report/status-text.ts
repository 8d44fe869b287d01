// `switchrole status` for people: one block per source profile, one line per session,
// with the time left and, in a terminal, a bar.
import { timeBar, type BarStyle } from "./bar";
import { formatClock, formatRemaining } from "./time-text";
import { roleLabel, type Lifetime, type StatusReport } from "./status-model";
import type { EnvIdentity } from "./env-identity";

export interface TextStyle {
  /** Draw the time-left bar (a terminal). */
  bar: boolean;
  /** ANSI colours in the bar. */
  color: boolean;
  /** The cache directory as shown (~ for $HOME). */
  shownDir: string;
}

export function renderStatus(report: StatusReport, style: TextStyle): string {
  const now = Date.parse(report.now);
  const lines: string[] = [];
  if (report.sources.length === 0) {
    lines.push(`No cached sessions (${style.shownDir}).`);
  } else {
    lines.push(`Cached sessions (${style.shownDir}):`);
    for (const s of report.sources) {
      lines.push("", `${s.profile}${s.accessKeyId ? ` (key ${s.accessKeyId}${s.keysFrom ? `, from ${s.keysFrom}` : ""})` : ""}`);
      const rows: Array<[string, Lifetime, number]> = [
        ...s.mfaSessions.map((m): [string, Lifetime, number] => [`MFA session ${m.mfaSerial}`, m, 60]),
        ...s.roles.map((r): [string, Lifetime, number] => [`role ${roleLabel(r)}${r.region ? ` (${r.region})` : ""}`, r, report.minTtlSeconds]),
      ];
      if (rows.length === 0) lines.push("  (nothing)");
      const width = Math.max(...rows.map(([label]) => label.length));
      for (const [label, life, minSeconds] of rows) lines.push(`  ${label.padEnd(width)}  ${when(life, now, minSeconds, style)}`);
    }
  }
  if (report.environment) lines.push("", environmentLine(report.environment, now));
  return `${lines.join("\n")}\n`;
}

function when(life: Lifetime, now: number, minSeconds: number, style: BarStyle & { bar: boolean }): string {
  const remainingMs = Date.parse(life.expiresAt) - now;
  const text = `${formatRemaining(remainingMs).padEnd(18)} ${remainingMs > 0 ? "until" : "at"} ${formatClock(Date.parse(life.expiresAt))}`;
  const note = remainingMs > 0 && !life.usable ? "  (renewed on next use)" : "";
  if (!style.bar) return text + note;
  const total = Date.parse(life.expiresAt) - Date.parse(life.createdAt);
  return `${timeBar(remainingMs, total, minSeconds * 1000, style)}  ${text}${note}`;
}

function environmentLine(e: EnvIdentity, now: number): string {
  const who = e.cached
    ? `role ${roleLabel({ accountName: e.accountName, roleName: e.roleName, roleArn: e.roleArn ?? "" })} (cached, from ${e.sourceProfile})`
    : e.accountName || e.roleName
      ? `role ${[e.accountName, e.roleName].filter(Boolean).join(" ")} (by AWS_ACCOUNT_NAME/AWS_ACCOUNT_ROLE; not in the cache)`
      : "not a cached role";
  const left = e.expiresAt ? `${formatRemaining(Date.parse(e.expiresAt) - now)}, until ${formatClock(Date.parse(e.expiresAt))}` : "no expiry known";
  return `Environment: AWS_ACCESS_KEY_ID ${e.accessKeyId} is ${who}: ${left}`;
}
