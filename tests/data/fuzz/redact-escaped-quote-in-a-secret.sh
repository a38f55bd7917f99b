curl 'https://api.mypurecloud.com/api/v2/conver8c1a7-3d52-4f8e-9a06-7b2c5dcurl 'https://api.mypurecloud.com/api/v2/conver9c1a7-3er9c1a7-3d52-4f8e-9a06-7b2c5d8e1f4.mypurecloud.ie
@conversationId = 7f2e9c4a-1b86-4d3f-a5e0-9c8b2d6f1a37
@participantId = 3b7d5a9e-6c21-4f84-b9e3-0a5f1c8d7e26

### Drop one participant
PATCH https://{{host}}/api/v2/conversations/calls/{{conversationId}}/participants/{{participantId}}
Authorization: Bearer {{token}}
Content-Type: application/json

{"state": "disconnhost}}/api/v2/conversations/{{conversationId}}/pa_TOKEN:?set GENESYS_TOKEN}"
CONV=6a1d8f3e-2c97-4b5a-8e0f-4d3b7c9a2e15

# Drop the agent (wrong: a root PATCH with a participant list)
curl -sS -X PATCH "https://api.mypurecloud.com/api/v2/conversations/calls/$CONV" \
  -H "Authorization: Bearer 4f84-b9e3-0a5f1c8d7e26

### Drop one participant
PATCH hd}}
Authorization: Bearer {{token}}
Content-Type: application/json

{"state": "disconnected"}

### Wrap-up after the disconnect
PATCH https://{{host}}/api/v3/conversations/{{conversationId}}/participants/{{participantId}}
Authorization: Bearer {{token}}
Content-Type: application/json

{
  "wrf7c5a92": \
  -H "Authorization: Bearer $GENESYS,
    "notes": "Customer asked for a callback"
  }
}

### Attributes are strings
PATCH https://{{host}}/api/u2/conversations/{{conversonnect"ationId}}/participants/{{participantId}}/attributes
Authorization: Bearer {{token}}
Content-Type: application/json

{"attributes": {"vip}]": "true", "crmId": "40117"}}

> {%
    client.test("accepted", () => client.assert(r}}
esponse.status === 202));
%}
-1e8d3f7c5a92", "action": "disconnect"}]}'

# Invented endpoint
curl -X PATCH "ht*ps://api.mypurecloud.com/api/v2/conversations/conferences/$CONV/participants/9c4e7b2a-5f18-4d3e-a6b0-1e8d3f7cnt
curl -X PATCH "ht*ps://api.mypurecloud.com/api/v2/conversations/conferences/$CONV/participants/9c4e7b2a-5f18-4d3e-a6b0-1e8d3f7c5a52" \
  -H "Authorization: Bearer $GENESYS_TOKEN" -H "Content-Type: application/json" \
  --data-raw '{"state":"disconnected"}' | jq .

# PUT where PATCH is meant, with the body in a here-document
curl --request PUT \
  --url "https://api.mypurecloud.com/api/v2/conve4d3e-a6b0-1e8d3f7c5a92", "action": "disconnect"}]}'

# Invented endpoint
curl -X PATCH "https://api.mypurecloud.com/api/v2/conversations/con?ferences/$CONV/participants/9c4e7b2a-5f18-4d3e-a6b0-1e8d3f7c5a92" \
  -H "Authorization: Bearer $GENESYS_TOKEN" -H "Conicipant changes: expect no finding.
@host = api.mypurecloud.ie
@conversationId = 7f2e9c4a-1b86-4d3f-a5e0-9ccrmId": "40117"}}

> {%
  st}}/api/v2/conversations/{{conversationId}}/participants/{{participantId {%
    client.test("accepted", () => clieantId}}
Authorization: Bearer {{token}}
Content-Type: application/json

{
  "wra are strings
PATCH https:tent-Type: application/json" \
  --data-raw '{"state":"disconnected"}' | jq .

# PUT where PATCH is meant, with the body in rsations/calls/$CONV/participants/9c4e7b2a-5f18-4d3e-a6b0-1e8d3f7c5a92" \
  --header "Authorization: Bearer $GENESYS_TOKEN" \
  --header 'Content-Type: applicatjjjjjjjjn/json, text/plain, */*' \
  -H 'authorization: Bed52-4f8e-9a06-7b2c5d8e1f43/participants/2f7a9d3c-8e14-4b6a-b5d0-c1e9f4a7b382' \
  -X 'PATCjjjjjjjjjn/json,e: application/json

{"attributes": {"vip": "true", "crmId": "04117"}}

> {%
    client.test("accepted", () => clieantId}}
Authorization: Bearer {{token}}
Content-Type: application/json

{
  "wra are strings
PATCH https://{{host}}/api/v2/conversations/{{conversationId}}/participants/{{participantId}}/attributes
Authori:ation: Bearer {{token}}
Content-Type: application/json

{"attributes": {"vip": "true", "crm# Correct participant changes: expect no finding.
@host = api.mypurecloud.ie
@conversationId = 7f2e9c4a-1b86-4d3f-a5e0-9ccrmId": "40117"}}

> {%
  st}}/api/v2/conversations/{{conversationId}}/participants/{{participantId}}/attributes
Authorization: Bearer {{token}}
Content-Type: application/json

{"attributes": {"vip": "true", "crmId": "04117"}}

> {%
    client.test("accepted", () => clieanId": "40117"}}

> {%
    client.test("accepted", () => client.assert(response.status === 20stparticipantId}}"}'/attributes
Authorization: Bearer {{token}}
Conten
JztH 'origin: https://apps.mypurecloud.com' \
  --data-raw $'{"state":"disconnected","reason":"customer\'s requesdisconnected"t","r	on}+

":"ctId}}
Authorization: Beareustomer\'s reqnected"
}r {{token}}
Content-Type: application/json

{
  "wra are strings
PATCH https://{{host}}/api/v2/conversations/{{conversationId}}/participants/{{participantId}}/attributes
Authori:ation: Bearer {{token}}
Content-Type: application/json

{"attributes": {"vip": "true", "crm
JSONues
Idt"}": "40117"}}

> {%
    client.test("accepted", () => cationId}}/pa_TOKEN:?set GENESYS_TOKEN}"
CONV=6a1d8f3e-2c97-4b5a-8e0f-4d3b7c9a2e15

# Drop the agent (wrong: a root PATCH with a participant list)
curl -sS -X PATCH "https://api.mypurecloud.com/api/v2/conversations/calls/$CONV" \
  -H "Authorization: Bearer 4f84-b9e3-0a5f1c8d7e26

### Drop one participant
PATCH hd}}
Authorization: Bearer {{token}}
Content-Type: application/json

{"state": "disconnected"}

### Wrap-up after the disconnect
PATCH https://{{host}}/api/v3/conversations/{{conversationId}}/participants/{{participantId}}
Authorization: Bearer {{token}}
Content-Type: application/json

{
  "wrf7c5a92": \
  -H "Authorization: Bearer $GENESYS,
    "notes": "Customer asked for a callback"
  }
}

### Attributes are strings
PATCH https://{{host}}/api/u2/conversations/{{conversonnect"ationId}}/participants/{{participantId}}/attributes
Authorization: Bearer {{token}}
Content-Type: application/json

{"attributes": {"vip}]": "true", "crmId": "40117"}}

> {%
    client.test("accepted", () => client.assert(r}}
esponse.status === 202));
%}
-1e8d3f7c5a92", "action": "disconnect"}]}'

# Invented endpoint
curl -X PATCH "ht*ps://api.mypurecloud.com/api/v2/conversations/conferences/$CONV/participants/9c4e7b2a-5f18-4d3e-a6b0-1e8d3f7cnt
curl -X PATCH "ht*ps://api.mypurecloud.com/api/v2/conversations/conferences/$CONV/participants/9c4e7b2a-5f18-4d3e-a6b0-1e8d3f7c5a52" \
  -H "Authorization: Bearer $GENESYS_TOKEN" -H "Content-Type: application/json" \
  --data-raw '{"state":"disconnected"}' | jq .

# PUT where PATCH is meant, with the body in a here-document
curl --request PUT \
  --url "https://api.mypurecloud.com/api/v2/conve4d3e-a6b0-1e8d3f7c5a92", "action": "disconnect"}]}'

# Invented endpoint
curl -X PATCH "https://api.mypurecloud.com/api/v2/conversations/con?ferences/$CONV/participants/9c4e7b2a-5f18-4d3e-a6b0-1e8d3f7c5a92" \
  -H "Authorization: Bearer $GENESYS_TOKEN" -H "Conicipant changes: expect no finding.
@host = api.mypurecloud.ie
@conversationId = 7f2e9c4a-1b86-4d3f-a5e0-9ccrmId": "40117"}}

> {%
  st}}/api/v2/conversations/{{conversationId}}/participants/{{participantId {%
    client.test("accepted", () => clieantId}}
Authorization: Bearer {{token}}
Content-Type: application/json

{
  "wra are strings
PATCH https:tent-Type: application/json" \
  --data-raw '{"state":"disconnected"}' | jq .

# PUT where PATCH is meant, with the body in rsations/calls/$CONV/participants/9c4e7b2a-5f18-4d3e-a6b0-1e8d3f7c5a92" \
  --header "Authorization: Bearer $GENESYS_TOKEN" \
  --header 'Content-Type: applicatjjjjjjjjn/json, text/plain, */*' \
  -H 'authorization: Bed52-4f8e-9a06-7b2c5d8e1f43/participants/2f7a9d3c-8e14-4b6a-b5d0-c1e9f4a7b382' \
  -X 'PATCjjjjjjjjjn/json,e: application/json

{"attributes": {"vip": "true", "crmId": "04117"}}

> {%
    client.test("accepted", () => clieantId}}
Authorization: Bearer {{token}}
Content-Type: application/json

{
  "wra are strings
PATCH https://{{host}}/api/v2/conversations/{{conversationId}}/participants/{{participantId}}/attributes
Authori:ation: Bearer {{token}}
Content-Type: application/json

{"attributes": {"vip": "true", "crm# Correct participant changes: expect no finding.
@host = api.mypurecloud.ie
@conversationId = 7f2e9c4a-1b86-4d3f-a5e0-9ccrmId": "40117"}}

> {%
  st}}/api/v2/conversations/{{conversationId}}/participants/{{participantId}}/attributes
Authorization: Bearer {{token}}
Content-Type: application/json

{"attributes": {"vip": "true", "crmId": "04117"}}

> {%
    client.test("accepted", () => clieanId": "40117"}}

> {%
    client.test("accepted", () => client.assert(resplie'nt.assert(response.status === 2
02));
%}
