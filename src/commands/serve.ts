// Placeholder: being written.
import type { Context } from "../context";
import { UserError } from "../errors";

export async function serveCommand(_argv: string[], _ctx: Context): Promise<number> {
  throw new UserError("serve: not implemented yet");
}
