// System programs the scenario tests drive. On a developer's machine a missing one skips
// the test with a visible reason; under CI=true it is a failure, never a skip.
import { execFileSync } from "node:child_process";

const found = new Map<string, string | undefined>();

/** Absolute path of a program, or undefined when it is not installed. */
export function which(program: string): string | undefined {
  if (!found.has(program)) {
    let path: string | undefined;
    if (program.startsWith("/")) {
      try {
        execFileSync("test", ["-x", program]);
        path = program;
      } catch {
        path = undefined;
      }
    } else {
      try {
        path = execFileSync("sh", ["-c", `command -v "$1"`, "sh", program], { encoding: "utf8" }).trim() || undefined;
      } catch {
        path = undefined;
      }
    }
    found.set(program, path);
  }
  return found.get(program);
}

/**
 * For `test(name, { skip: skipUnless("zsh") }, ...)`: false when the program exists,
 * else a reason string (skip) — or, under CI=true, throws so the run fails.
 */
export function skipUnless(...programs: string[]): string | false {
  const missing = programs.filter((p) => !which(p));
  if (missing.length === 0) return false;
  const reason = `requires ${missing.join(", ")} (not installed)`;
  if (process.env.CI === "true") throw new Error(`CI=true but ${reason}; .ci/run must install it`);
  return reason;
}

/** The AWS CLI v2 from Debian's awscli; an `aws` v1 from pyenv may come first on PATH. */
export const AWS_CLI_V2 = "/usr/bin/aws";
