// Query-protocol response bodies: <XResponse xmlns=...><XResult>...</XResult><ResponseMetadata>.
import type { AwsError } from "./errors";

export type Service = "sts" | "iam";

export const NAMESPACE: Record<Service, string> = {
  sts: "https://sts.amazonaws.com/doc/2011-06-15/",
  iam: "https://iam.amazonaws.com/doc/2010-05-08/",
};

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** A nested element tree; undefined values are left out. */
export type Xml = { [name: string]: string | number | boolean | undefined | Xml | Xml[] };

export function render(tree: Xml): string {
  let out = "";
  for (const [name, v] of Object.entries(tree)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) out += `<${name}>${v.map((m) => `<member>${render(m)}</member>`).join("")}</${name}>`;
    else if (typeof v === "object") out += `<${name}>${render(v)}</${name}>`;
    else out += `<${name}>${esc(String(v))}</${name}>`;
  }
  return out;
}

/** An action without a result (IAM's UpdateAccessKey, DeleteAccessKey) answers ResponseMetadata alone, as AWS does. */
export function successXml(service: Service, action: string, result: Xml, requestId: string): string {
  const body = Object.keys(result).length === 0 ? "" : `  <${action}Result>${render(result)}</${action}Result>\n`;
  return (
    `<${action}Response xmlns="${NAMESPACE[service]}">\n` +
    body +
    `  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n` +
    `</${action}Response>\n`
  );
}

export function errorXml(service: Service, err: AwsError, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${NAMESPACE[service]}">\n` +
    `  <Error>\n    <Type>${err.type}</Type>\n    <Code>${esc(err.code)}</Code>\n    <Message>${esc(err.message)}</Message>\n  </Error>\n` +
    `  <RequestId>${requestId}</RequestId>\n` +
    `</ErrorResponse>\n`
  );
}
