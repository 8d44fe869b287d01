// Placeholder: being written.
import type { Context } from "../context";
import { UserError } from "../errors";

export async function planCommand(_argv: string[], _ctx: Context): Promise<number> {
  throw new UserError("plan: not implemented yet");
}
