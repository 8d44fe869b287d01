import { test } from "node:test";
import assert from "node:assert/strict";
import { homedir } from "node:os";
import { accountsFile, configFile, credentialsFile, displayPath, expandHome, homeDir } from "../../src/config/paths";

test("home comes from env.HOME, else the OS (an empty HOME counts as unset)", () => {
  assert.equal(homeDir({ HOME: "/h/alice" }), "/h/alice");
  assert.equal(homeDir({}), homedir());
  assert.equal(homeDir({ HOME: "" }), homedir());
});

const cases: Array<[string, Record<string, string>, string, string, string]> = [
  ["defaults under HOME", { HOME: "/h" }, "/h/.aws/config", "/h/.aws/credentials", "/h/.aws/accounts"],
  [
    "variables override",
    { HOME: "/h", AWS_CONFIG_FILE: "/etc/c", AWS_SHARED_CREDENTIALS_FILE: "/etc/k", ACCOUNTS_FILE: "/etc/a.json" },
    "/etc/c",
    "/etc/k",
    "/etc/a.json",
  ],
  ["~/ in a variable expands against HOME", { HOME: "/h", AWS_CONFIG_FILE: "~/x/config", ACCOUNTS_FILE: "~/acc" }, "/h/x/config", "/h/.aws/credentials", "/h/acc"],
  ["empty variables are unset", { HOME: "/h", AWS_CONFIG_FILE: "", ACCOUNTS_FILE: "" }, "/h/.aws/config", "/h/.aws/credentials", "/h/.aws/accounts"],
];
for (const [name, env, config, credentials, accounts] of cases) {
  test(`files: ${name}`, () => {
    assert.deepEqual([configFile(env), credentialsFile(env), accountsFile(env)], [config, credentials, accounts]);
  });
}

test("expandHome only touches a leading ~/ or a bare ~", () => {
  assert.equal(expandHome("~", { HOME: "/h" }), "/h");
  assert.equal(expandHome("~/a", { HOME: "/h" }), "/h/a");
  assert.equal(expandHome("/a/~/b", { HOME: "/h" }), "/a/~/b");
  assert.equal(expandHome("~bob/a", { HOME: "/h" }), "~bob/a");
});

const shown: Array<[string, string, string]> = [
  ["/home/alice/.aws/config", "/home/alice", "~/.aws/config"],
  ["/home/alice/.aws/config", "/home/alice/", "~/.aws/config"],
  ["/home/alice", "/home/alice", "~"],
  ["/home/alicex/.aws/config", "/home/alice", "/home/alicex/.aws/config"],
  ["/etc/aws/config", "/home/alice", "/etc/aws/config"],
];
for (const [p, home, expected] of shown) {
  test(`displayPath(${p}) with HOME=${home} is ${expected}`, () => {
    assert.equal(displayPath(p, { HOME: home }), expected);
  });
}
