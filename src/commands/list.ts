// Placeholder: being written.
import type { Context } from "../context";
import { UserError } from "../errors";

export async function listCommand(_argv: string[], _ctx: Context): Promise<number> {
  throw new UserError("list: not implemented yet");
}
