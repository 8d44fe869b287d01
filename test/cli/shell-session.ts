// An interactive bash or zsh in tmux, with a prompt that shows the last exit status
// ("[0]$ "), so a test can type a command, wait for the next prompt and read what the
// command printed and how it ended. Nothing is typed ahead: a program reading the
// terminal (the MFA prompt) gets only what the test types in answer.
import { startTmux, type Tmux } from "../helpers/tmux";

export type InteractiveShell = "bash" | "zsh";

const COMMANDS: Record<InteractiveShell, { argv: string[]; ps1: string }> = {
  bash: { argv: ["bash", "--norc", "--noprofile", "-i"], ps1: "[$?]$ " },
  // -f: no rc files; no PROMPT_CR/PROMPT_SP, so output without a final newline stays visible.
  zsh: { argv: ["zsh", "-f", "+o", "promptcr", "+o", "promptsp", "-i"], ps1: "[%?]$ " },
};

const PROMPT = /\[(\d+)\]\$ /g;

export interface Ran {
  /** What was printed between the command line and the next prompt. */
  output: string;
  status: number;
}

export class ShellSession {
  private constructor(
    readonly tmux: Tmux,
    readonly shell: InteractiveShell,
  ) {}

  static async start(shell: InteractiveShell, env: NodeJS.ProcessEnv, cwd?: string): Promise<ShellSession> {
    const { argv, ps1 } = COMMANDS[shell];
    const tmux = await startTmux(argv, { env: { ...env, PS1: ps1 }, cwd });
    const s = new ShellSession(tmux, shell);
    await tmux.waitFor((p) => prompts(p) >= 1, 10_000);
    return s;
  }

  /** Number of prompts shown so far. */
  async prompts(): Promise<number> {
    return prompts(await this.tmux.capture());
  }

  /** Types a command (plus Enter) without waiting. Returns the prompt count before it. */
  async type(command: string): Promise<number> {
    const before = await this.prompts();
    await this.tmux.send(command, true);
    return before;
  }

  /** Waits for the prompt after the command typed when `before` prompts were shown. */
  async finish(before: number, timeoutMs = 15_000): Promise<Ran> {
    const pane = await this.tmux.waitFor((p) => prompts(p) > before, timeoutMs);
    return afterPrompt(pane, before);
  }

  /** Types a command and waits for it to finish. */
  async run(command: string, timeoutMs?: number): Promise<Ran> {
    return this.finish(await this.type(command), timeoutMs);
  }

  /** Waits until `text` has appeared `times` times on the screen. */
  async waitForCount(text: string, times: number, timeoutMs = 15_000): Promise<string> {
    return this.tmux.waitFor((p) => p.split(text).length - 1 >= times, timeoutMs);
  }

  kill(): Promise<void> {
    return this.tmux.kill();
  }
}

function prompts(pane: string): number {
  return [...pane.matchAll(PROMPT)].length;
}

/** The text after the command line of prompt number `index` (0-based) up to the next prompt. */
function afterPrompt(pane: string, index: number): Ran {
  const all = [...pane.matchAll(PROMPT)];
  const at = all[index - 1];
  const next = all[index];
  if (!at || !next || at.index === undefined || next.index === undefined) throw new Error(`prompt ${index} not found in:\n${pane}`);
  const fromCommand = pane.slice(at.index, next.index);
  const newline = fromCommand.indexOf("\n");
  return { output: newline === -1 ? "" : fromCommand.slice(newline + 1), status: Number(next[1]) };
}
