# `reason` is no field of a participant update, here written with jsonencode.
resource "genesyscloud_integration_action" "disconnect" {
  name = "Disconnect"
  config_request {
    request_url_template = "/api/v2/conversations/calls/$${input.conversationId}/participants/$${input.participantId}"
    request_type         = "PATCH"
    request_template     = jsonencode({ state = "disconnected", reason = "customer left" })
  }
}
