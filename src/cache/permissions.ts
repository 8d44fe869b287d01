// Trust checks: a cache directory or entry that someone else can write (or owns) could
// hand us forged credentials, so the whole cache is refused and the user told how to fix it.
// One of ours that others can only read (a directory copied with `cp -r`, a umask of 022)
// leaks the credentials but cannot forge them: its mode is narrowed, with one line saying so.
import { chmodSync, lstatSync, realpathSync, type Stats } from "node:fs";
import { dirname } from "node:path";

const octal = (mode: number) => (mode & 0o777).toString(8).padStart(3, "0");

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
    return {
      path,
      line: `switchrole: not using the credential cache: ${path} is writable by ${who} (mode ${octal(st.mode)}); fix: chmod ${isDir ? "700" : "600"} ${path}`,
    };
  }
  return undefined;
}

/**
 * The line for a file or directory of ours that its group or others can read (or enter):
 * a warning once its mode was narrowed (to the owner's bits), or, with `failed` (the error
 * code of the chmod), the refusal.
 */
export function exposedLine(path: string, mode: number, isDir: boolean, failed?: string): string {
  const who = (mode & 0o007) !== 0 ? "everyone" : "its group";
  const what = `${path} was readable by ${who} (mode ${octal(mode)})`;
  const narrowed = octal(mode & 0o700);
  if (failed) return `switchrole: not using the credential cache: ${what}, not changed (${failed}); fix: chmod ${isDir ? "700" : "600"} ${path}`;
  return `switchrole: warning: ${what}; changed it to ${narrowed}`;
}

/**
 * The cache directory's real path, once it and the path to it are safe from other users:
 * a symlink at `dir` must be ours (or root's), the real directory ours and writable only
 * by us, and every directory above it owned by us or root and not writable by others
 * unless sticky (like /tmp). Otherwise another user could swap the directory after this
 * check (say, during an MFA prompt) and collect or plant entries. Callers use the returned
 * path from then on, so a later change to a symlink on the way changes nothing.
 */
export function trustedDirChain(dir: string): { real: string; repaired?: string } | Refusal {
  const uid = currentUid();
  const refuse = (path: string, why: string): Refusal => ({
    path,
    line: `switchrole: not using the credential cache: ${path} ${why}, so another user could replace ${dir}; set XDG_CACHE_HOME to a directory of your own`,
  });
  const byOther = (owner: number) => uid !== undefined && owner !== uid && owner !== 0;
  const link = lstatSync(dir);
  if (link.isSymbolicLink() && byOther(link.uid)) return refuse(dir, `is a symbolic link owned by uid ${link.uid}`);
  const real = realpathSync.native(dir);
  const st = lstatSync(real);
  if (!st.isDirectory()) return { path: real, line: `switchrole: not using the credential cache: ${real} is not a directory` };
  const own = untrusted(real, st, true);
  if (own) return own;

  for (let p = dirname(real); ; p = dirname(p)) {
    const up = lstatSync(p);
    if (byOther(up.uid)) return refuse(p, `is owned by uid ${up.uid}`);
    if ((up.mode & 0o022) !== 0 && (up.mode & 0o1000) === 0) return refuse(p, "is writable by others and not sticky");
    if (dirname(p) === p) break;
  }
  if ((st.mode & 0o077) === 0) return { real };
  // Narrowed only where switchrole made it: a directory reached through a symlink may be
  // any directory of the user's (or of root's, for root), not one to chmod behind its back.
  if (link.isSymbolicLink()) return { path: real, line: exposedLine(real, st.mode, true, "reached through the symbolic link " + dir) };
  try {
    chmodSync(real, st.mode & 0o700);
  } catch (err) {
    return { path: real, line: exposedLine(real, st.mode, true, (err as NodeJS.ErrnoException).code ?? "error") };
  }
  return { real, repaired: exposedLine(real, st.mode, true) };
}
