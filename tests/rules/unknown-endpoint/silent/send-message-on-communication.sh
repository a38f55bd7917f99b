# The real form of chat-send-message: a message is sent on the conversation's communication.
curl -X POST "https://api.mypurecloud.com/api/v2/conversations/messages/3c8654b9-dff7-46f7-835f-47cd10a2ac01/communications/a7d1e0c2-5b94-4f1e-9c33-0e6f2d8b4a17/messages" \
  -H "Content-Type: application/json" \
  -d '{"textBody": "Hello"}'
