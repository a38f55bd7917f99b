# A Data Action written in Terraform that transfers through the deprecated generic replace.
resource "genesyscloud_integration_action" "transfer" {
  name = "Transfer to a queue"
  config_request {
    request_url_template = "/api/v2/conversations/$${input.conversationId}/participants/$${input.participantId}/replace"
    request_type         = "POST"
    request_template     = "{\"queueId\": \"$${input.queueId}\"}"
  }
}
