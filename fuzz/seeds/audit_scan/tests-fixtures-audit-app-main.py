import boto3
import litellm

client = boto3.client("bedrock-runtime", region_name="us-east-1")
MODEL_ID = "anthropic.claude-3-5-haiku-20241022-v1:0"
response = client.converse(modelId="us.anthropic.claude-sonnet-4-20250514-v1:0", messages=[])
legacy = litellm.completion(model="bedrock/anthropic.claude-3-haiku-20240307-v1:0")

# Not Bedrock references:
FIRST_PARTY = "claude-sonnet-4-5-20250929"
VERTEX = "claude-3-5-sonnet@20240620"
GATEWAY = "anthropic/claude-3-5-sonnet-20240620"
vectors = cohere.embedding(texts)
DOCS = "https://docs.aws.amazon.com/bedrock/latest/userguide/models-supported.html"
API = "https://api.anthropic.com/v1/messages"
if MODEL_ID.startswith("anthropic.claude-3"):
    pass
if "anthropic.claude-3" in MODEL_ID:
    pass
