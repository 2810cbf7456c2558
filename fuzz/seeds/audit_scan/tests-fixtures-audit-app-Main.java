package com.example;

import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

public class Main {
    static final String MODEL = "meta.llama3-70b-instruct-v1:0";
    boolean isLlama(String id) { return id.startsWith("meta.llama3"); }
}
