// Edits one profile's section of ~/.aws/credentials as text, leaving every other byte of
// the file as it was (comments, spacing, other sections, line endings): `keys add
// --from-credentials-file` removes the section, `keys rotate` replaces its two keys. The
// new file is written atomically with the old file's mode (0600 if it was looser).
import { statSync } from "node:fs";
import { writeAtomic } from "./atomic";

/** A header line's name, by AWS's loader's rules: comments (`;`, `#` at the start or after a space) off, trimmed, `[name]`. */
function headerName(line: string): string | undefined {
  const bare = (line.includes("#") || line.includes(";") ? (line.split(/(^|\s)[;#]/)[0] ?? "") : line).trim();
  return bare.startsWith("[") && bare.endsWith("]") ? bare.slice(1, -1) : undefined;
}

/** The file as lines, each with its own line ending. */
function lines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

const blankOrComment = (line: string) => /^\s*([#;].*)?\r?\n?$/.test(line);

/**
 * Every [profile] section: [first line, end) line index ranges. Blank lines and comments
 * after its last setting belong to what follows (a comment above the next section).
 */
function sections(all: string[], profile: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < all.length; i++) {
    if (headerName(all[i] as string) !== profile) continue;
    let next = i + 1;
    while (next < all.length && headerName(all[next] as string) === undefined) next++;
    let end = next;
    while (end > i + 1 && blankOrComment(all[end - 1] as string)) end--;
    out.push([i, end]);
  }
  return out;
}

/** The text without the profile's section(s); undefined when there is none. */
export function withoutSection(text: string, profile: string): string | undefined {
  const all = lines(text);
  const found = sections(all, profile);
  if (found.length === 0) return undefined;
  const drop = new Set(found.flatMap(([a, b]) => Array.from({ length: b - a }, (_, k) => a + k)));
  return all.filter((_, i) => !drop.has(i)).join("");
}

const KEY_LINE = /^(\s*)(aws_access_key_id|aws_secret_access_key)(\s*=\s*)(.*?)(\s*)(\r?\n)?$/;

/** The text with the profile's two keys replaced in place; undefined when the section holds no aws_access_key_id. */
export function withKeys(text: string, profile: string, keys: { accessKeyId: string; secretAccessKey: string }): string | undefined {
  const all = lines(text);
  let replaced = false;
  for (const [a, b] of sections(all, profile)) {
    for (let i = a + 1; i < b; i++) {
      const m = KEY_LINE.exec(all[i] as string);
      if (!m) continue;
      const value = m[2] === "aws_access_key_id" ? keys.accessKeyId : keys.secretAccessKey;
      all[i] = `${m[1]}${m[2]}${m[3]}${value}${m[5]}${m[6] ?? ""}`;
      if (m[2] === "aws_access_key_id") replaced = true;
    }
  }
  return replaced ? all.join("") : undefined;
}

/** Replaces the file atomically, keeping its mode (never looser than 0600 for a file of keys). */
export async function rewriteCredentialsFile(path: string, text: string): Promise<void> {
  let mode = 0o600;
  try {
    mode = statSync(path).mode & 0o600;
  } catch {
    // a new file: 0600
  }
  await writeAtomic(path, text, mode || 0o600);
}
