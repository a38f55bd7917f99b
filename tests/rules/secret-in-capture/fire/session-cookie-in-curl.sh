# DevTools' "Copy as cURL" keeps the browser's cookies.
curl "https://api.mypurecloud.com/api/v2/conversations/3c8654b9-dff7-46f7-835f-47cd10a2ac01" \
  -H 'Accept: application/json' \
  -b 'session=080b4194edc507fc327627cbf1fc85138253db1a; _ga=GA1.2.1234567890.1700000000'
