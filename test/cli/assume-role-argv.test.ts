// The seed's `assume-role <account> <role> <mfa_token>`: the sourced function hands the
// code to switchrole in the environment, so it never shows in switchrole's argv (ps).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync, chmodSync } from "node:fs";
import { join } from "node:path";
import { BIN_DIR } from "../helpers/home";
import { skipUnless } from "../helpers/programs";
import { tempDir } from "../helpers/tmp";

function fakeBin(): string {
  const dir = tempDir("assume-role-argv-");
  copyFileSync(join(BIN_DIR, "assume-role"), join(dir, "assume-role"));
  // A stand-in switchrole next to the script: records its argv and the handed-over code.
  writeFileSync(
    join(dir, "switchrole"),
    `#!/bin/sh\nprintf '%s|' "$@" > "${dir}/argv"\nprintf '%s' "\${SWITCHROLE_MFA_TOKEN-unset}" > "${dir}/token"\necho "export SEEN=1"\n`,
  );
  chmodSync(join(dir, "switchrole"), 0o755);
  return dir;
}

for (const shell of ["bash", "zsh"] as const) {
  test(`${shell}: the mfa_token argument reaches switchrole in the environment, not argv`, { skip: skipUnless(shell) }, () => {
    const dir = fakeBin();
    const script = `source ${dir}/assume-role && assume-role private_aws sample_switch_role 123456 eu-west-1 && echo "SEEN=$SEEN"`;
    const out = execFileSync(shell, shell === "zsh" ? ["-f", "-c", script] : ["--norc", "-c", script], { encoding: "utf8" });
    assert.equal(out, "SEEN=1\n");
    assert.equal(readFileSync(join(dir, "argv"), "utf8"), "assume-role|--shell|bash|private_aws|sample_switch_role||eu-west-1|");
    assert.equal(readFileSync(join(dir, "token"), "utf8"), "123456");
  });

  test(`${shell}: without a code argument nothing is handed over`, { skip: skipUnless(shell) }, () => {
    const dir = fakeBin();
    const script = `source ${dir}/assume-role && assume-role private_aws sample_switch_role`;
    execFileSync(shell, shell === "zsh" ? ["-f", "-c", script] : ["--norc", "-c", script], { encoding: "utf8" });
    assert.equal(readFileSync(join(dir, "argv"), "utf8"), "assume-role|--shell|bash|private_aws|sample_switch_role|");
    assert.equal(readFileSync(join(dir, "token"), "utf8"), "unset");
  });
}
