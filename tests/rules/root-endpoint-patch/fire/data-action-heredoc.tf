# A Data Action that hangs up on everyone: the state is sent to the call's root.
resource "genesyscloud_integration_action" "hang_up" {
  name = "Hang up"
  config_request {
    request_url_template = "/api/v2/conversations/calls/$${input.conversationId}"
    request_type         = "PATCH"
    request_template     = <<-EOT
      {"state": "disconnected"}
    EOT
  }
}
