// Loads the STS client (and with it the AWS SDK) on first use only.
export type StsModule = typeof import("./client");

let loaded: Promise<StsModule> | undefined;

/** Where (across bundles: a Symbol.for on globalThis) the names switchrole added to process.env are kept. */
export const ADDED_ENV = Symbol.for("switchrole.addedEnv");

/** The variables switchrole set in its own process.env (not the user's). */
export function addedEnv(): readonly string[] {
  return ((globalThis as Record<symbol, unknown>)[ADDED_ENV] as string[] | undefined) ?? [];
}

export function loadSts(): Promise<StsModule> {
  // The SDK warns about Node 20 on every call; switchrole supports Node 20 on purpose.
  // Set for switchrole's own process only: `exec` takes it out of the command's
  // environment again (childEnv), so what the command sees is what the user had.
  if (process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED === undefined) {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
    (globalThis as Record<symbol, unknown>)[ADDED_ENV] = ["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"];
  }
  // require, not import(): see scripts/build.mjs.
  loaded ??= Promise.resolve().then(() => require("./client") as StsModule);
  return loaded;
}
