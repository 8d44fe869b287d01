// Runs the real AWS CLI v2 (/usr/bin/aws) against the emulator in a clean environment:
// a temporary HOME, keys only from the given variables, no instance metadata.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { AWS_CLI_V2 } from "../helpers/programs";
import type { Keys } from "./signed-request";
import { tempDir } from "../helpers/tmp";

export interface CliResult { status: number | null; stdout: string; stderr: string; json: Record<string, unknown> }

export function cliEnv(url: string, keys: Keys, extra: Record<string, string> = {}): Record<string, string> {
  const home = tempDir("emu-cli-home-");
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    AWS_CONFIG_FILE: join(home, "config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials"),
    AWS_ACCESS_KEY_ID: keys.accessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
    AWS_DEFAULT_REGION: "ap-northeast-1",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_PAGER: "",
    AWS_ENDPOINT_URL: url,
    ...extra,
  };
  if (keys.sessionToken) env.AWS_SESSION_TOKEN = keys.sessionToken;
  return env;
}

/** `aws <args> --endpoint-url <url> --output json`. */
export function aws(url: string, keys: Keys, args: string[], extra: Record<string, string> = {}, prefix: string[] = []): CliResult {
  const argv = [...prefix, AWS_CLI_V2, ...args, "--endpoint-url", url, "--output", "json"];
  const r = spawnSync(argv[0]!, argv.slice(1), { env: cliEnv(url, keys, extra), encoding: "utf8", timeout: 60_000 });
  let json: Record<string, unknown> = {};
  try {
    json = r.stdout.trim() ? (JSON.parse(r.stdout) as Record<string, unknown>) : {};
  } catch {
    json = {};
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, json };
}

/** The AWS CLI's one-line error: "An error occurred (Code) when calling the X operation: message". */
export function cliError(stderr: string): { code: string; operation: string; message: string } | undefined {
  const m = /An error occurred \(([^)]+)\) when calling the (\w+) operation(?: \(reached max retries: \d+\))?: (.*)/.exec(stderr);
  return m ? { code: m[1]!, operation: m[2]!, message: m[3]!.trim() } : undefined;
}

export function credsOf(json: Record<string, unknown>): Keys {
  const c = json.Credentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}
