# transferType members are Attended and Unattended.
curl -X POST "https://api.mypurecloud.com/api/v2/conversations/3c8654b9-dff7-46f7-835f-47cd10a2ac01/participants/721ee355-9010-455f-8892-cb230b671242/replace/queue" \
  -H 'Content-Type: application/json' \
  --data-raw '{"queueId": "af1064cf-70a3-4f97-a7f9-6a747f1c173d", "transferType": "unattended"}'
