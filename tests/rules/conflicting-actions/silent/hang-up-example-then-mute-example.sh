# Two curl examples for one participant, run one at a time: the mute does not come after the hang-up.
CONV=3c8654b9-dff7-46f7-835f-47cd10a2ac01
PART=721ee355-9010-455f-8892-cb230b671242

# Hang up
curl -X PATCH "https://api.mypurecloud.de/api/v2/conversations/calls/$CONV/participants/$PART" \
  -H 'Content-Type: application/json' -d '{"state": "disconnected"}'

# Mute
curl -X PATCH "https://api.mypurecloud.de/api/v2/conversations/calls/$CONV/participants/$PART" \
  -H 'Content-Type: application/json' -d '{"muted": true}'
