# One communication is dropped with PATCH as well.
curl --request PUT "https://api.usw2.pure.cloud/api/v2/conversations/calls/3c8654b9-dff7-46f7-835f-47cd10a2ac01/participants/721ee355-9010-455f-8892-cb230b671242/communications/b19c21f6-aae3-4840-ad73-dd19a1ddcbab" \
  --header 'Content-Type: application/json' \
  --data '{"state": "disconnected"}'
