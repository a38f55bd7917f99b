# A participant id in the body of an email root PATCH.
curl -X PATCH "https://api.mypurecloud.ie/api/v2/conversations/emails/3c8654b9-dff7-46f7-835f-47cd10a2ac01" \
  -H 'Content-Type: application/json' \
  -d '{"participantId": "721ee355-9010-455f-8892-cb230b671242", "action": "disconnect"}'
