# Neither "phone" nor "hangup" is a segment of any conversations operation.
curl -X POST "https://api.mypurecloud.com/api/v2/conversations/phone/3c8654b9-dff7-46f7-835f-47cd10a2ac01/hangup" \
  -H "Content-Type: application/json" \
  -d '{}'
