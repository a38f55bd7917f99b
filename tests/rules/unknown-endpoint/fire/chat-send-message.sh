# An invented "send-message" action on a chat participant; messages are sent on the communication.
curl -X POST "https://api.mypurecloud.com/api/v2/conversations/chat/participants/721ee355-9010-455f-8892-cb230b671242/send-message" \
  -H "Content-Type: application/json" \
  -d '{"textBody": "Hello"}'
