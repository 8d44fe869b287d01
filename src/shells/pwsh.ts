// PowerShell: `$Env:NAME = 'value'` / `Remove-Item Env:NAME -ErrorAction SilentlyContinue`,
// and its `sr` function.
// Limit: PowerShell (through .NET) removes a variable set to the empty string, so an empty
// value ends up unset rather than empty.
import type { EnvVars } from "../types";
import { checkVars, lines } from "./validate";

/** A verbatim string: ' and the typographic U+2018..U+201B all close it, so each is doubled. */
function verbatim(text: string): string {
  return `'${text.replace(/['\u2018\u2019\u201A\u201B]/g, "$&$&")}'`;
}

/**
 * A PowerShell expression meaning exactly `value`. Usually one single-quoted string, in
 * which nothing else is special. Line breaks are written as "`r" / "`n" joined with +, so
 * every assignment stays on one line: PowerShell splits a native command's output at CR as
 * well as LF, which would otherwise turn a CR inside a value into LF.
 */
export function quote(value: string): string {
  const parts = value.split(/([\r\n]+)/);
  if (parts.length === 1) return verbatim(value);
  const exprs = parts.flatMap((part, i) => {
    if (i % 2 === 1) return [`"${part.replace(/\r/g, "`r").replace(/\n/g, "`n")}"`];
    return part === "" ? [] : [verbatim(part)];
  });
  return `(${exprs.join(" + ")})`;
}

export function render(vars: EnvVars): string {
  return lines(
    checkVars(vars).map(([name, value]) =>
      value === null ? `Remove-Item Env:${name} -ErrorAction SilentlyContinue` : `$Env:${name} = ${quote(value)}`,
    ),
  );
}

/** `sr` for PowerShell (see init.ts). Functions have no exit status: on failure $LASTEXITCODE keeps the command's. */
export function init(command: string): string {
  return `# switchrole: \`sr <target>\` assumes a role in this shell. Load with: switchrole shell-init pwsh | Out-String | Invoke-Expression
function sr {
    $__sr_out = & ${quote(command)} env --shell pwsh --verbose @args
    if ($LASTEXITCODE -ne 0 -or -not $__sr_out) { return }
    Invoke-Expression ($__sr_out -join "\`n")
}
`;
}
