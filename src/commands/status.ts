// Placeholder: being written.
import type { Context } from "../context";
import { UserError } from "../errors";

export async function statusCommand(_argv: string[], _ctx: Context): Promise<number> {
  throw new UserError("status: not implemented yet");
}
