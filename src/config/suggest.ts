// "Did you mean ...?" for unknown account and profile names.

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** The candidate closest to `name` (case-insensitive edit distance), if close enough to be a typo. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const c of candidates) {
    const d = distance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

/** `did you mean "x"? known: a, b, c` — or just the list, or `none`. At most `max` names; `what` labels the list. */
export function suggestion(name: string, candidates: string[], max = 10, what = "known"): string {
  const near = closest(name, candidates);
  const list = candidates.length === 0 ? "none" : candidates.slice(0, max).join(", ") + (candidates.length > max ? ", …" : "");
  return near ? `did you mean ${near}? ${what}: ${list}` : `${what}: ${list}`;
}
