// Placeholder: being written.
import type { Context } from "../context";
import { UserError } from "../errors";

export async function credentialProcessCommand(_argv: string[], _ctx: Context): Promise<number> {
  throw new UserError("credential-process: not implemented yet");
}
