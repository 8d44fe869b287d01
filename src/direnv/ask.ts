// The terminal prompt used inside direnv: like askOnTerminal (src/mfa/terminal.ts), but
// when direnv's "is taking a while to execute" line lands in the middle of the prompt,
// the prompt and what was typed so far are drawn again on the next line, so the user
// sees where to keep typing.
import { openSync, closeSync } from "node:fs";
import { UserError, EXIT_INTERRUPTED } from "../errors";
import { NoTerminalError, type Ask } from "../mfa/terminal";

/** How long after the expected warning to redraw (direnv's timer starts a little before ours). */
export const REDRAW_MARGIN_MS = 150;

function openTty(): { readFd: number; writeFd: number } {
  let readFd: number;
  try {
    readFd = openSync("/dev/tty", "r");
  } catch {
    throw new NoTerminalError("no controlling terminal");
  }
  try {
    return { readFd, writeFd: openSync("/dev/tty", "w") };
  } catch {
    closeSync(readFd);
    throw new NoTerminalError("no controlling terminal");
  }
}

/** warnAt: Unix ms of direnv's warning (undefined: never redraw). */
export function askRedrawingAfter(warnAt: number | undefined, now: () => number = Date.now): Ask {
  return async (question) => {
    const { readFd, writeFd } = openTty();
    // Loaded here, not at start-up: a cache hit asks nothing.
    const { ReadStream, WriteStream } = require("node:tty") as typeof import("node:tty");
    const { createInterface } = require("node:readline") as typeof import("node:readline");
    const input = new ReadStream(readFd);
    const output = new WriteStream(writeFd);
    const rl = createInterface({ input, output, terminal: true, historySize: 0 });
    const wait = warnAt === undefined ? -1 : warnAt + REDRAW_MARGIN_MS - now();
    // The warning ends with a newline: the cursor is at the start of a fresh line.
    const timer = wait > 0 ? setTimeout(() => rl.prompt(true), wait) : undefined;
    try {
      return await new Promise<string>((resolve, reject) => {
        rl.on("SIGINT", () => {
          output.write("\n");
          reject(new UserError("interrupted", undefined, EXIT_INTERRUPTED));
        });
        rl.on("close", () => reject(new UserError("the terminal closed before an answer was given", undefined, EXIT_INTERRUPTED)));
        rl.question(question, (answer) => resolve(answer.trim()));
      });
    } finally {
      if (timer) clearTimeout(timer);
      rl.removeAllListeners("close");
      rl.close();
      input.destroy();
      output.destroy();
    }
  };
}
