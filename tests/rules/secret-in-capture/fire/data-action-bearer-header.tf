# A Data Action calling the API with a token written into the file.
resource "genesyscloud_integration_action" "get_conversation" {
  name = "Get the conversation"
  config_request {
    request_url_template = "https://api.mypurecloud.com/api/v2/conversations/$${input.conversationId}"
    request_type         = "GET"
    headers = {
      Authorization = "Bearer eyJhbGciOiJSUzI1NiJ9.eyJvcmciOiI3ZjFiZDFkNyJ9.c2lnbmF0dXJlLXZhbHVl"
    }
  }
}
