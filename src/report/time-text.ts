// Times as people read them: "11h 59m", "4m 30s", "2026-11-29 17:22" (local time).

/** A length of time: "12h 0m", "42m 5s", "9s". Negative lengths are shown as 0s. */
export function formatSpan(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s}s`;
  return `${s}s`;
}

/** "59m 10s left" or "expired 3m 0s ago". */
export function formatRemaining(ms: number): string {
  return ms > 0 ? `${formatSpan(ms)} left` : `expired ${formatSpan(-ms)} ago`;
}

const two = (n: number) => String(n).padStart(2, "0");

/** Local wall-clock time to the minute: "2026-11-29 17:22". */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}
