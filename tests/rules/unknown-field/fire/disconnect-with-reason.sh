# A disconnect with a reason: MediaParticipantRequest has no reason field (copied as cURL from a browser).
curl 'https://api.mypurecloud.com/api/v2/conversations/3c8654b9-dff7-46f7-835f-47cd10a2ac01/participants/721ee355-9010-455f-8892-cb230b671242' \
  -X 'PATCH' \
  -H 'content-type: application/json' \
  --data-raw $'{"state":"disconnected","reason":"customer\'s request"}'
