// Placeholder: being written.
import type { Context } from "../context";
import { UserError } from "../errors";

export async function loginCommand(_argv: string[], _ctx: Context): Promise<number> {
  throw new UserError("login: not implemented yet");
}
