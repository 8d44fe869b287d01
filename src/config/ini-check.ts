// Lines of an AWS config or credentials file that AWS's INI loader skips without a word
// (@smithy/shared-ini-file-loader, like the AWS CLI): a section header with no closing
// "]", a line with no "=" (or nothing before it), a setting before any [section]. The
// loader keeps skipping them (its result is not changed); this only says so, one warning
// line per such line, naming the file and line number. One pass over the text already
// read, with the loader's own rules for comments, sections and sub-sections. A line's
// content is quoted only for section headers: a credentials file's other lines may hold a
// secret.

const MAX_SHOWN = 60;

function shown(text: string): string {
  return JSON.stringify(text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text);
}

/** The warnings (without the "switchrole: warning: " prefix) for one file's text. */
export function iniProblems(text: string, shownPath: string): string[] {
  const out: string[] = [];
  if (text === "") return out;
  const lines = text.split(/\r?\n/);
  let inSection = false;
  let inSubSection = false;
  /** After a header with no "]": the lines up to the next header are covered by its warning. */
  let broken = false;
  const at = (i: number): string => `${shownPath} line ${i + 1}`;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    // The loader's comment rule (`;` or `#` at the start or after a space), its regex run
    // only on the lines that have one of them.
    const line = (raw.includes("#") || raw.includes(";") ? (raw.split(/(^|\s)[;#]/)[0] ?? "") : raw).trim();
    if (line === "") continue;
    if (line.startsWith("[")) {
      if (line.endsWith("]")) {
        inSection = true;
        inSubSection = false;
        broken = false;
      } else {
        // The loader stays in the section before (if any): the lines after go there.
        const after = inSection ? " and read the settings after it as part of the section before" : "";
        out.push(`${at(i)}: ${shown(line)} has no closing "]"; AWS's tools ignore this line${after}`);
        broken = true;
      }
      continue;
    }
    const eq = line.indexOf("=");
    if (!inSection) {
      if (broken) continue;
      out.push(`${at(i)} is outside any [section]; put it under one (e.g. [default]) or remove it; AWS's tools ignore this line`);
      continue;
    }
    if (eq > 0) {
      const value = line.slice(eq + 1).trim();
      if (value === "") inSubSection = true;
      else if (inSubSection && raw.trimStart() === raw) inSubSection = false;
      continue;
    }
    if (inSubSection) continue;
    out.push(
      eq === 0
        ? `${at(i)} has no name before "="; write it as name = value; AWS's tools ignore this line`
        : `${at(i)} has no "="; write it as name = value; AWS's tools ignore this line`,
    );
  }
  return out;
}
