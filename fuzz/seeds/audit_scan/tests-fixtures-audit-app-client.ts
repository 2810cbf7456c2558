import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";

const modelId = "eu.anthropic.claude-3-7-sonnet-20250219-v1:0";
const arn = `arn:aws:bedrock:${region}::foundation-model/amazon.nova-lite-v1:0`;
const isClaude = (id: string) => id.includes("anthropic.claude-3");
const unknownPrefix = "amer.anthropic.claude-3-haiku-20240307-v1:0";
