// The world most tests run against: one bastion IAM user (account 111111111111) with an
// MFA device, and roles in account 123456789012 that cover the trust-policy rules.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { IdentityPolicy, World } from "../../emulator/world";

export type { IdentityPolicy, World } from "../../emulator/world";

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

/**
 * AWS's documented force-MFA policy, as the IAM User Guide gives it in "AWS: Allows
 * MFA-authenticated IAM users to manage their own credentials on the Security credentials
 * page" (reference_policies_examples_aws_my-sec-creds-self-manage; awsdocs/iam-user-guide
 * doc_source at 0491d913). Without MFA (BoolIfExists: long-term keys too) everything is
 * denied except what it takes to set up MFA and sts:GetSessionToken; it allows no
 * sts:AssumeRole itself. A fresh copy each call.
 */
export function forceMfaPolicy(): IdentityPolicy {
  const own = "arn:aws:iam::*:user/${aws:username}";
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "AllowViewAccountInfo", Effect: "Allow", Action: ["iam:GetAccountPasswordPolicy", "iam:GetAccountSummary", "iam:ListVirtualMFADevices"], Resource: "*" },
      { Sid: "AllowManageOwnPasswords", Effect: "Allow", Action: ["iam:ChangePassword", "iam:GetUser"], Resource: own },
      { Sid: "AllowManageOwnAccessKeys", Effect: "Allow", Action: ["iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:ListAccessKeys", "iam:UpdateAccessKey"], Resource: own },
      { Sid: "AllowManageOwnSigningCertificates", Effect: "Allow", Action: ["iam:DeleteSigningCertificate", "iam:ListSigningCertificates", "iam:UpdateSigningCertificate", "iam:UploadSigningCertificate"], Resource: own },
      { Sid: "AllowManageOwnSSHPublicKeys", Effect: "Allow", Action: ["iam:DeleteSSHPublicKey", "iam:GetSSHPublicKey", "iam:ListSSHPublicKeys", "iam:UpdateSSHPublicKey", "iam:UploadSSHPublicKey"], Resource: own },
      {
        Sid: "AllowManageOwnGitCredentials",
        Effect: "Allow",
        Action: ["iam:CreateServiceSpecificCredential", "iam:DeleteServiceSpecificCredential", "iam:ListServiceSpecificCredentials", "iam:ResetServiceSpecificCredential", "iam:UpdateServiceSpecificCredential"],
        Resource: own,
      },
      { Sid: "AllowManageOwnVirtualMFADevice", Effect: "Allow", Action: ["iam:CreateVirtualMFADevice", "iam:DeleteVirtualMFADevice"], Resource: "arn:aws:iam::*:mfa/${aws:username}" },
      { Sid: "AllowManageOwnUserMFA", Effect: "Allow", Action: ["iam:DeactivateMFADevice", "iam:EnableMFADevice", "iam:ListMFADevices", "iam:ResyncMFADevice"], Resource: own },
      {
        Sid: "DenyAllExceptListedIfNoMFA",
        Effect: "Deny",
        NotAction: ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices", "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken"],
        Resource: "*",
        Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
      },
    ],
  };
}

/** The bastion's grant to assume the target account's roles (cross-account: its own Allow is needed). */
export function assumeTargetRolesPolicy(): IdentityPolicy {
  return { Version: "2012-10-17", Statement: [{ Sid: "AssumeTargetRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::${TARGET_ACCOUNT}:role/*` }] };
}

/**
 * seedWorld() with AWS's force-MFA policy on the bastion (plus its grant to assume the
 * target roles): an MFA session (GetSessionToken with a code) may assume roles; the
 * long-term keys may only look up the user and its MFA devices and call GetSessionToken.
 */
export function forceMfaWorld(): World {
  const world = seedWorld();
  world.users[0]!.policies = [forceMfaPolicy(), assumeTargetRolesPolicy()];
  return world;
}

/** Writes the world as JSON into dir (created if needed); returns the file's path. */
export function writeWorld(dir: string, world: World = seedWorld()): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "world.json");
  writeFileSync(path, JSON.stringify(world, null, 2));
  return path;
}
