# The corrected wrapup-code-at-top-level: disconnect and wrap-up in one request.
curl -X PATCH "https://api.mypurecloud.ie/api/v2/conversations/3c8654b9-dff7-46f7-835f-47cd10a2ac01/participants/721ee355-9010-455f-8892-cb230b671242" \
  -H 'Content-Type: application/json' \
  -d '{"state": "disconnected", "wrapup": {"code": "048f8204-959e-4ccd-8529-adc53d9d5cd0", "notes": "Billing question answered"}}'
