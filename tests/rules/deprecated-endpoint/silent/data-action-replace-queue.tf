# The same transfer through its replacement, `replace/queue`.
resource "genesyscloud_integration_action" "transfer" {
  name = "Transfer to a queue"
  config_request {
    request_url_template = "/api/v2/conversations/$${input.conversationId}/participants/$${input.participantId}/replace/queue"
    request_type         = "POST"
    request_template     = "{\"queueId\": \"$${input.queueId}\"}"
  }
}
