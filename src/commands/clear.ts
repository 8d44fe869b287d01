// Placeholder: being written.
import type { Context } from "../context";
import { UserError } from "../errors";

export async function clearCommand(_argv: string[], _ctx: Context): Promise<number> {
  throw new UserError("clear: not implemented yet");
}
