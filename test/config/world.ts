// The ~/.aws files the resolution tests share: the seed's bastion plus role profiles
// that set every key, so each precedence rule can be seen winning and losing.
import type { Home } from "./fixture";
import { tempHome } from "./fixture";

export const CONFIG = `[default]
region = us-west-2

[profile bastion]
region = ap-northeast-1
mfa_serial = arn:aws:iam::111111111111:mfa/alice
mfa_process = otp bastion
mfa_session_duration = 8h

[profile other]
region = eu-central-1

[profile dev]
role_arn = arn:aws:iam::123456789012:role/team/dev
source_profile = bastion
duration_seconds = 1800
external_id = ext-dev
role_session_name = alice-dev
region = eu-west-1
mfa_serial = arn:aws:iam::111111111111:mfa/dev-device
mfa_process = otp dev
mfa_session_duration = 4h

[profile bare]
role_arn = arn:aws:iam::210987654321:role/bare
`;

export const CREDENTIALS = `[default]
aws_access_key_id = AKIADEFAULTDEFAULTDE
aws_secret_access_key = default-secret

[bastion]
aws_access_key_id = AKIABASTIONBASTIONBA
aws_secret_access_key = bastion-secret

[other]
aws_access_key_id = AKIAOTHEROTHEROTHERO
aws_secret_access_key = other-secret

[keysonly]
aws_access_key_id = AKIAKEYSONLYKEYSONLY
aws_secret_access_key = keysonly-secret
`;

export const ACCOUNTS = '{"private_aws": "123456789012", "prod": "000000000099"}';

export function world(): Home {
  return tempHome({ config: CONFIG, credentials: CREDENTIALS, accounts: ACCOUNTS });
}
