// Trust checks: a cache directory or entry that someone else can write (or owns) could
// hand us forged credentials, so the whole cache is refused and the user told how to fix it.
import type { Stats } from "node:fs";

export interface Refusal {
  path: string;
  line: string;
}

function currentUid(): number | undefined {
  return typeof process.getuid === "function" ? process.getuid() : undefined;
}

/** Undefined when the file or directory is ours and writable only by us; else the one-line warning. */
export function untrusted(path: string, st: Pick<Stats, "uid" | "mode">, isDir: boolean): Refusal | undefined {
  const uid = currentUid();
  if (uid !== undefined && st.uid !== uid) {
    return {
      path,
      line: `switchrole: not using the credential cache: ${path} is owned by uid ${st.uid}, not you (uid ${uid}); fix: chown ${uid} ${path} (or set XDG_CACHE_HOME to a directory of your own)`,
    };
  }
  if ((st.mode & 0o022) !== 0) {
    const who = (st.mode & 0o002) !== 0 ? "everyone" : "its group";
    const octal = (st.mode & 0o777).toString(8).padStart(3, "0");
    return {
      path,
      line: `switchrole: not using the credential cache: ${path} is writable by ${who} (mode ${octal}); fix: chmod ${isDir ? "700" : "600"} ${path}`,
    };
  }
  return undefined;
}
