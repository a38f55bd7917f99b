# Shell variables and route parameters in id slots match any id.
curl -X PATCH "https://api.mypurecloud.com/api/v2/conversations/calls/$CONVERSATION_ID/participants/:participantId" \
  -H "Content-Type: application/json" \
  -d '{"state": "disconnected"}'
