# mypurecloud.com with a letter left out.
curl -X PATCH "https://api.mypurcloud.com/api/v2/conversations/calls/3c8654b9-dff7-46f7-835f-47cd10a2ac01/participants/721ee355-9010-455f-8892-cb230b671242" \
  -H "Content-Type: application/json" -d '{"state": "disconnected"}'
