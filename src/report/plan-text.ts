// `switchrole plan` for people: the resolved target, then each call with why.
import { formatClock, formatSpan } from "./time-text";
import type { CacheLookup, PlannedCall, PlanReport } from "./plan-model";

const seconds = (s: number) => `${s} s (${formatSpan(s * 1000)})`;

function cacheLine(c: CacheLookup): string {
  return c.expiresAt ? `${c.why}, until ${formatClock(Date.parse(c.expiresAt))}` : c.why;
}

export function renderPlan(r: PlanReport): string {
  const t = r.target;
  const lines = [
    `Plan for ${t.input}`,
    `  role         ${t.roleArn}`,
    `  source       ${t.sourceProfile.value} (${t.sourceProfile.from})${r.sourceAccessKeyId ? `, key ${r.sourceAccessKeyId}${r.sourceKeysFrom ? ` from ${r.sourceKeysFrom}` : ""}` : ", keys from the SDK"}`,
    `  MFA device   ${r.mfaDevice.serial ? `${r.mfaDevice.serial} (${r.mfaDevice.from})` : r.mfaDevice.from}`,
    `  duration     ${seconds(t.duration.value)} (${t.duration.from})`,
    `  MFA session  ${seconds(t.mfaSessionDuration.value)} (${t.mfaSessionDuration.from})`,
    `  STS          ${r.endpoint}`,
    "",
  ];
  if (r.refused) {
    lines.push(`Role credentials: ${cacheLine(r.role)}: refused before any call or code: ${r.refused.message}`);
    if (r.refused.hint) lines.push(`  hint: ${r.refused.hint}`);
  } else if (r.role.status === "hit") {
    lines.push(`Role credentials: ${cacheLine(r.role)}: handed out from the cache, no call.`);
  } else {
    lines.push(`Role credentials: ${cacheLine(r.role)}: new ones from STS.`, "Steps:");
    r.calls.forEach((c, i) => lines.push(...callLines(c, i + 1)));
  }
  const sts = r.stsCalls === 1 ? "1 STS call" : `${r.stsCalls} STS calls`;
  const iam = r.calls.filter((c) => c.service === "iam").length;
  lines.push("", `Total: ${sts}${iam ? ` and ${iam} IAM calls` : ""}, ${r.mfaCodeAsked ? "one MFA code asked" : "no MFA code"}.`);
  return `${lines.join("\n")}\n`;
}

function callLines(c: PlannedCall, n: number): string[] {
  const head = [`${n}. ${c.service.toUpperCase()} ${c.action}`];
  if (c.roleArn) head.push(c.roleArn);
  if (c.durationSeconds !== undefined) head.push(seconds(c.durationSeconds));
  if (c.externalId !== undefined) head.push(`external id ${c.externalId}`);
  if (c.signWith) head.push(`signed with ${c.signWith === "source" ? "the source's keys" : "the MFA session"}`);
  if (c.mfaCode) head.push(`with an MFA code for ${c.serialNumber}`);
  const out = [`  ${head.join(", ")}`];
  if (c.cache) out.push(`     cache: ${cacheLine(c.cache)}${c.made ? "" : ": reused, not called, no code asked"}`);
  out.push(`     why: ${c.why}`);
  return out;
}
