// Prints the caller identity of the credentials in the environment (STS GetCallerIdentity),
// using the AWS SDK's default credential chain, for the demo.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const { STSClient, GetCallerIdentityCommand } = require("@aws-sdk/client-sts");
new STSClient({ region: process.env.AWS_REGION || "us-east-1" })
  .send(new GetCallerIdentityCommand({}))
  .then((id) => console.log(`identity: ${id.Arn} (account ${id.Account})`))
  .catch((err) => {
    console.error(`GetCallerIdentity failed: ${err.name}: ${err.message}`);
    process.exitCode = 1;
  });
