// Where output goes. stdout is data only; everything for humans goes to stderr.
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /**
   * Whether out() reaches a terminal (status then draws bars and colours). A property of
   * the Io, not an identity check against processIo: each command is its own bundle with
   * its own copy of this module (scripts/build.mjs). Captured or piped streams say false.
   */
  readonly stdoutIsTTY: boolean;
}

export const processIo: Io = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  // Asked when needed (status), not at start-up.
  get stdoutIsTTY() {
    return process.stdout.isTTY === true;
  },
};
