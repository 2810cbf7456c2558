import * as bedrock from "aws-cdk-lib/aws-bedrock";

const model = bedrock.FoundationModel.fromFoundationModelId(this, "Model",
  new bedrock.FoundationModelIdentifier("anthropic.claude-3-5-sonnet-20240620-v1:0"));
const profile = "us.anthropic.claude-3-5-sonnet-20240620-v1:0";
