MODEL = "anthropic.claude-3-haiku-20240307-v1:0"
