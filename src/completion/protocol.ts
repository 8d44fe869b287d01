// Between the shell scripts (scripts.ts) and complete(): `switchrole __complete <shell> ...`.
//
//   bash:  __complete bash <COMP_WORDBREAKS> <COMP_LINE up to COMP_POINT>
//          bash splits COMP_WORDS at = and : (`--shell=ba` is three words), so the line is
//          split here instead, and each answer is cut to the part after the last of those
//          characters in the current word, which is what readline replaces.
//   zsh, fish:  __complete zsh|fish -- <words before the cursor's word...> <the cursor's word>
//
// The answer: one candidate a line, `value` (bash) or `value<TAB>description` (zsh, fish);
// or the single line `:nested <start> <cursor>` when the words from index <start> on are a
// command line of their own (exec ... -- <command>), <cursor> the index of the last word.
import type { Completion } from "./complete";

/** Splits a command line as the shell would (blanks, '...', "...", backslashes), keeping an empty last word after a blank. */
export function splitLine(line: string): { words: string[]; raw: string } {
  const words: string[] = [];
  let word = "";
  let raw = "";
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === "\\" && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) word += line[++i];
      else word += ch;
    } else if (ch === " " || ch === "\t" || ch === "\n") {
      if (inWord) words.push(word);
      word = "";
      raw = "";
      inWord = false;
      continue;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === "\\" && i + 1 < line.length) {
      word += line[++i];
      raw += ch;
    } else {
      word += ch;
    }
    raw += line[i]!;
    inWord = true;
  }
  words.push(word);
  return { words, raw };
}

/**
 * What readline replaces in the current word: the part after its last word-break character
 * (of COMP_WORDBREAKS, blanks and quotes aside). Returns how much of the word comes before
 * that; 0 when the word has quotes or escapes (readline then completes it whole).
 */
export function bashReplacedFrom(raw: string, wordbreaks: string): number {
  if (/['"\\]/.test(raw)) return 0;
  const breaks = [...wordbreaks].filter((c) => !" \t\n'\"".includes(c));
  let at = -1;
  for (const c of breaks) at = Math.max(at, raw.lastIndexOf(c));
  return at + 1;
}

/** The lines for the shell (each ends with a newline; none when nothing fits). */
export function answer(result: Completion, shell: "bash" | "zsh" | "fish", cursor: number, bashCut = 0): string {
  if (result.kind === "nested") return `:nested ${result.start} ${cursor}\n`;
  return result.candidates
    .map((c) => {
      if (shell === "bash") return `${c.value.slice(bashCut)}\n`;
      const description = c.description?.replace(/[\t\n]/g, " ");
      return description ? `${c.value}\t${description}\n` : `${c.value}\n`;
    })
    .join("");
}
