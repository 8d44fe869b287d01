// The world most tests run against: one bastion IAM user (account 111111111111) with an
// MFA device, and roles in account 123456789012 that cover the trust-policy rules.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { World } from "../../emulator/world";

export type { World } from "../../emulator/world";

export const BASTION = {
  accountId: "111111111111",
  userName: "bastion",
  userArn: "arn:aws:iam::111111111111:user/bastion",
  accessKeyId: "AKIAEMULATORBASTION1",
  secretAccessKey: "bastion/EMULATOR/secret+key/0123456789AB",
  mfaSerial: "arn:aws:iam::111111111111:mfa/bastion",
  totpSecret: "JBSWY3DPEHPK3PXP",
} as const;

export const TARGET_ACCOUNT = "123456789012";
export const roleArn = (name: string): string => `arn:aws:iam::${TARGET_ACCOUNT}:role/${name}`;

const mfaRequired = { Bool: { "aws:MultiFactorAuthPresent": "true" } };

/** A fresh copy each call, so a test may change it before writing it. */
export function seedWorld(): World {
  return {
    users: [
      {
        arn: BASTION.userArn,
        accessKeys: [{ id: BASTION.accessKeyId, secret: BASTION.secretAccessKey }],
        mfaDevices: [{ serial: BASTION.mfaSerial, totpSecret: BASTION.totpSecret }],
      },
    ],
    roles: [
      {
        // The seed's own policy: the bastion user, only with MFA.
        arn: roleArn("sample_switch_role"),
        maxSessionDuration: 43200,
        trustPolicy: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { AWS: BASTION.userArn }, Action: "sts:AssumeRole", Condition: mfaRequired }],
        },
      },
      {
        arn: roleArn("no_mfa_role"),
        maxSessionDuration: 3600,
        trustPolicy: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { AWS: BASTION.accountId }, Action: "sts:AssumeRole" }],
        },
      },
      {
        arn: roleArn("short_role"),
        maxSessionDuration: 3600,
        trustPolicy: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${BASTION.accountId}:root` }, Action: "sts:AssumeRole", Condition: mfaRequired }],
        },
      },
      {
        arn: roleArn("external_role"),
        maxSessionDuration: 43200,
        trustPolicy: {
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { AWS: BASTION.userArn },
              Action: "sts:AssumeRole",
              Condition: { StringEquals: { "sts:ExternalId": TARGET_ACCOUNT }, Bool: { "aws:MultiFactorAuthPresent": "true" } },
            },
          ],
        },
      },
      {
        arn: roleArn("deny_role"),
        maxSessionDuration: 3600,
        trustPolicy: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::999999999999:root" }, Action: "sts:AssumeRole" }],
        },
      },
    ],
  };
}

/** Writes the world as JSON into dir (created if needed); returns the file's path. */
export function writeWorld(dir: string, world: World = seedWorld()): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "world.json");
  writeFileSync(path, JSON.stringify(world, null, 2));
  return path;
}
