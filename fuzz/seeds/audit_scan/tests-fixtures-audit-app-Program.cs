using Amazon.BedrockRuntime;

var modelId = "amazon.titan-text-express-v1";
if (modelId.StartsWith("amazon.titan-text")) { }
