// Rewrites bin/assume-role's generated fast-path block from src/shells/fast.ts:
//   node --import tsx scripts/assume-role-fast.ts
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ASSUME_ROLE_BEGIN, ASSUME_ROLE_END, assumeRoleBlock } from "../src/shells/fast";

const path = join(__dirname, "../bin/assume-role");
const text = readFileSync(path, "utf8");
const start = text.indexOf(ASSUME_ROLE_BEGIN);
const end = text.indexOf(ASSUME_ROLE_END);
const next = start >= 0 && end > start ? text.slice(0, start) + assumeRoleBlock() + text.slice(text.indexOf("\n", end) + 1) : text.replace("@@BLOCK@@\n", assumeRoleBlock());
writeFileSync(path, next);
