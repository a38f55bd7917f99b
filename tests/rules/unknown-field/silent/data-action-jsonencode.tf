# A participant wrap-up written with jsonencode: every key is a field of the update.
resource "genesyscloud_integration_action" "wrap_up" {
  name = "Wrap up"
  config_request {
    request_url_template = "/api/v2/conversations/calls/$${input.conversationId}/participants/$${input.participantId}"
    request_type         = "PATCH"
    request_template     = jsonencode({ wrapup = { code = "$${input.code}", notes = "closed" } })
  }
}
