# A forum answer's path: "voice" is a media word, not a conversation id.
curl -X PATCH "https://api.mypurecloud.com/api/v2/conversations/voice/participants/721ee355-9010-455f-8892-cb230b671242" \
  -H "Authorization: Bearer $TOKEN" \
  -H "Content-Type: application/json" \
  -d '{"state": "disconnected"}'
