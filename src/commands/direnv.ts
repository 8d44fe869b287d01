// Placeholder: being written.
import type { Context } from "../context";
import { UserError } from "../errors";

export async function direnvCommand(_argv: string[], _ctx: Context): Promise<number> {
  throw new UserError("direnv: not implemented yet");
}
