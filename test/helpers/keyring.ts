// A real Secret Service for a test: gnome-keyring-daemon on a private D-Bus session bus
// (dbus-run-session), its keyring files in a temporary directory, unlocked with a test
// password on stdin (no prompt). Programs given `env` (DBUS_SESSION_BUS_ADDRESS) talk to it.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "./tmp";

export const KEYRING_PROGRAMS = ["dbus-run-session", "gnome-keyring-daemon"] as const;

export interface SecretService {
  /** DBUS_SESSION_BUS_ADDRESS, for the programs that use it. */
  env: { DBUS_SESSION_BUS_ADDRESS: string };
  stop(): Promise<void>;
}

const SCRIPT = [
  "set -e",
  // --unlock reads the password from stdin; the daemon then serves org.freedesktop.secrets.
  "printf %s test-keyring-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null",
  'printf "%s\\n" "$DBUS_SESSION_BUS_ADDRESS"',
  "exec sleep 100000",
].join("\n");

export async function startSecretService(): Promise<SecretService> {
  const dir = tempDir("switchrole-keyring-");
  const home = join(dir, "home");
  const runtime = join(dir, "run");
  mkdirSync(home, { recursive: true });
  mkdirSync(runtime, { mode: 0o700 });
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, XDG_DATA_HOME: join(home, ".local/share"), XDG_CONFIG_HOME: join(home, ".config"), XDG_RUNTIME_DIR: runtime };
  const child: ChildProcess = spawn("dbus-run-session", ["--", "bash", "-c", SCRIPT], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr?.setEncoding("utf8").on("data", (d: string) => (err += d));
  const address = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout?.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      const line = out.split("\n")[0];
      if (out.includes("\n") && line) resolve(line.trim());
    });
    child.on("exit", (code) => reject(new Error(`dbus-run-session exited ${code} before the keyring started: ${err.trim().split("\n").slice(-3).join(" | ")}`)));
  });
  return {
    env: { DBUS_SESSION_BUS_ADDRESS: address },
    async stop() {
      const gone = new Promise<void>((r) => child.once("exit", () => r()));
      try {
        process.kill(-(child.pid as number), "SIGTERM");
      } catch {
        // already gone
      }
      await gone;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
