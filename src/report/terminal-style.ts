// Whether `status` draws bars and colours: a terminal on stdout draws the bar, coloured
// unless NO_COLOR is set (https://no-color.org); --color=always|never overrides both.
import type { Io } from "../io";
import { usageError } from "../errors";

export interface OutputStyle {
  bar: boolean;
  color: boolean;
}

export function outputStyle(flag: string | undefined, io: Io, env: NodeJS.ProcessEnv): OutputStyle {
  const tty = io.stdoutIsTTY;
  const noColor = (env.NO_COLOR ?? "") !== "";
  switch (flag ?? "auto") {
    case "auto":
      return { bar: tty, color: tty && !noColor };
    case "always":
      return { bar: true, color: true };
    case "never":
      return { bar: tty, color: false };
    default:
      throw usageError(`--color must be auto, always or never, not ${JSON.stringify(flag)}`);
  }
}
