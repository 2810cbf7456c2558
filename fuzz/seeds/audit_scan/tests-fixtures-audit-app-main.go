package main

import "strings"

const model = "cohere.command-r-plus-v1:0"
const path = "/model/mistral.mistral-large-2402-v1%3A0/converse"

func isMistral(id string) bool { return strings.HasPrefix(id, "mistral.mistral-7b") }
