// Loads the STS client (and with it the AWS SDK) on first use only.
export type StsModule = typeof import("./client");

let loaded: Promise<StsModule> | undefined;

export function loadSts(): Promise<StsModule> {
  // The SDK warns about Node 20 on every call; switchrole supports Node 20 on purpose.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  // require, not import(): see scripts/build.mjs.
  loaded ??= Promise.resolve().then(() => require("./client") as StsModule);
  return loaded;
}
