// switchrole-emulator --world <file.json> [--port <n>] [--host 127.0.0.1]
// First stdout line: "listening on http://<host>:<port>". SIGINT/SIGTERM stop it (exit 0).
import { parseArgs } from "node:util";
import { createEmulatorServer } from "./server";
import { State } from "./state";
import { loadWorld, WorldError } from "./world";

const USAGE = "usage: switchrole-emulator --world <file.json> [--port <n>] [--host 127.0.0.1]\n";

function main(argv: string[]): void {
  let values: { world?: string; port?: string; host?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { world: { type: "string" }, port: { type: "string" }, host: { type: "string" }, help: { type: "boolean", short: "h" } } }));
  } catch (e) {
    process.stderr.write(`switchrole-emulator: ${(e as Error).message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (values.help) return void process.stdout.write(USAGE);
  if (!values.world) {
    process.stderr.write(`switchrole-emulator: --world <file.json> is required\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const port = Number(values.port ?? "0");
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`switchrole-emulator: --port must be 0-65535, got ${JSON.stringify(values.port)}\n`);
    process.exitCode = 2;
    return;
  }
  let state: State;
  try {
    state = new State(loadWorld(values.world));
  } catch (e) {
    if (!(e instanceof WorldError)) throw e;
    process.stderr.write(`switchrole-emulator: ${e.message}\n`);
    process.exitCode = 2;
    return;
  }
  const host = values.host ?? "127.0.0.1";
  const server = createEmulatorServer(state);
  server.on("error", (e: NodeJS.ErrnoException) => {
    process.stderr.write(`switchrole-emulator: cannot listen on ${host}:${port}: ${e.code ?? e.message}\n`);
    process.exit(1);
  });
  server.listen(port, host, () => {
    const addr = server.address();
    const bound = typeof addr === "object" && addr ? addr.port : port;
    const shown = host.includes(":") ? `[${host}]` : host;
    process.stdout.write(`listening on http://${shown}:${bound}\n`);
  });
  const stop = (): void => {
    server.close(() => process.exit(0));
    // Every connection, including requests held open by a hang fault, so close() never waits on them.
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 1000).unref();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main(process.argv.slice(2));
