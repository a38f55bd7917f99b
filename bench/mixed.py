#!/usr/bin/env python3
"""A tree of mixed repository files for bench/mixed.sh, made from a fixed seed.

    python3 bench/mixed.py OUT_DIR [COUNT]      # COUNT defaults to 10,000

OUT_DIR/repo-NNN/ holds COUNT files in all, spread over repositories of 50 files, the way a walk
over a large monorepo meets them:

- about 60%: ordinary JSON that is not API traffic (package.json, package-lock.json, tsconfig.json
  with comments, .vscode-style launch configurations, OpenAPI documents, JSON Schemas, GeoJSON,
  composer.json, renovate.json, appsettings.json, recorded API responses);
- about 12%: Genesys Cloud Data Action exports (`purecloud-data-actions`), a few with the
  deprecated `.../replace` call;
- about 10%: Terraform files with `genesyscloud_integration_action` resources;
- about 10%: Postman v2.1 collections calling the conversations API (6%), Insomnia v4 exports
  (3%) and Postman environment exports (1%);
- about 8%: request bodies (`{"state": "disconnected"}`, some with mistakes).

Also writes OUT_DIR.json-list: the `*.json` files, NUL-separated, for check-jsonschema.
"""

from __future__ import annotations

import json
import os
import random
import sys
import uuid

SEED = 20261207


def uid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def package_json(rng, i):
    deps = {f"lib-{rng.randrange(500)}": f"^{rng.randrange(1, 9)}.{rng.randrange(20)}.0" for _ in range(rng.randrange(2, 12))}
    return "package.json", json.dumps({"name": f"app-{i}", "version": "1.0.0", "private": True,
                                       "scripts": {"build": "tsc", "test": "jest"}, "dependencies": deps}, indent=2)


def package_lock(rng, i):
    packages = {"": {"name": f"app-{i}", "version": "1.0.0"}}
    for n in range(rng.randrange(20, 120)):
        packages[f"node_modules/lib-{n}"] = {
            "version": f"{rng.randrange(1, 9)}.{rng.randrange(20)}.{rng.randrange(9)}",
            "resolved": f"https://registry.npmjs.org/lib-{n}/-/lib-{n}-1.0.0.tgz",
            "integrity": "sha512-" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789+/") for _ in range(86)) + "==",
        }
    return "package-lock.json", json.dumps({"name": f"app-{i}", "version": "1.0.0", "lockfileVersion": 3,
                                            "requires": True, "packages": packages}, indent=2)


def tsconfig(rng, i):
    return "tsconfig.json", (
        "{\n  // compiler settings\n  \"compilerOptions\": {\n    \"target\": \"ES2022\",\n"
        f"    \"strict\": {str(rng.random() < 0.5).lower()}, /* checked */\n    \"outDir\": \"dist\",\n  }},\n"
        "  \"include\": [\"src/**/*.ts\"],\n}\n")


def launch(rng, i):
    return "launch.json", (
        "{\n  // debugger\n  \"version\": \"0.2.0\",\n  \"configurations\": [\n"
        "    {\"type\": \"node\", \"request\": \"launch\", \"name\": \"Run\", \"program\": \"${workspaceFolder}/index.js\",},\n"
        "  ]\n}\n")


def openapi(rng, i):
    paths = {f"/items/{n}": {"get": {"responses": {"200": {"description": "OK"}}}} for n in range(rng.randrange(3, 30))}
    return "openapi.json", json.dumps({"openapi": "3.0.3", "info": {"title": f"svc {i}", "version": "1"},
                                       "paths": paths}, indent=2)


def schema(rng, i):
    props = {f"field{n}": {"type": rng.choice(["string", "integer", "boolean"])} for n in range(rng.randrange(2, 15))}
    return "schema.json", json.dumps({"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                                      "description": "stored record", "properties": props}, indent=2)


def geojson(rng, i):
    feats = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [rng.uniform(-180, 180), rng.uniform(-90, 90)]},
              "properties": {"name": f"site {n}", "state": "open"}} for n in range(rng.randrange(1, 40))]
    return "sites.json", json.dumps({"type": "FeatureCollection", "features": feats})


def composer(rng, i):
    return "composer.json", json.dumps({"name": f"example/app{i}", "type": "project", "require": {"php": ">=8.2"}}, indent=2)


def renovate(rng, i):
    return "renovate.json", json.dumps({"$schema": "https://docs.renovatebot.com/renovate-schema.json",
                                        "extends": ["config:recommended"]}, indent=2)


def appsettings(rng, i):
    return "appsettings.json", json.dumps({"Logging": {"LogLevel": {"Default": "Information"}}, "AllowedHosts": "*"}, indent=2)


def response(rng, i):
    cid = uid(rng)
    parts = [{"id": uid(rng), "purpose": p, "state": rng.choice(["connected", "disconnected"])}
             for p in ("customer", "acd", "agent")]
    return "conversation.json", json.dumps({"id": cid, "startTime": "2026-11-20T18:30:12.118Z", "participants": parts,
                                            "recordingState": "active", "selfUri": f"/api/v2/conversations/{cid}"}, indent=2)


ORDINARY = [package_json, package_lock, tsconfig, launch, openapi, schema, geojson, composer, renovate,
            appsettings, response]


def data_action(rng, i):
    wrong = rng.random() < 0.2
    url = ("/api/v2/conversations/${input.conversationId}/participants/${input.participantId}/replace" if wrong
           else "/api/v2/conversations/calls/${input.conversationId}/participants/${input.participantId}")
    template = "{\"address\": \"${input.address}\"}" if wrong else "{\"state\": \"disconnected\"}"
    doc = {
        "name": f"Action {i}", "integrationType": "purecloud-data-actions", "actionType": "custom", "secure": False,
        "config": {
            "request": {"requestUrlTemplate": url, "requestType": "POST" if wrong else "PATCH",
                        "headers": {"Content-Type": "application/json"}, "requestTemplate": template},
            "response": {"translationMap": {}, "translationMapDefaults": {}, "successTemplate": "${rawResult}"},
        },
        "contract": {"input": {"inputSchema": {"type": "object", "properties": {
            "conversationId": {"type": "string"}, "participantId": {"type": "string"}, "address": {"type": "string"}}}},
            "output": {"successSchema": {"type": "object", "properties": {}}}},
    }
    return f"Action-{i}.custom.json", json.dumps(doc, indent=2)


def terraform(rng, i):
    blocks = []
    for n in range(rng.randrange(1, 4)):
        blocks.append(f'''resource "genesyscloud_integration_action" "action_{i}_{n}" {{
  name           = "Disconnect {i} {n}"
  category       = "Bench"
  integration_id = genesyscloud_integration.bench.id
  contract_input  = jsonencode({{ type = "object", properties = {{ conversationId = {{ type = "string" }} }} }})
  contract_output = jsonencode({{ type = "object", properties = {{}} }})
  config_request {{
    request_url_template = "/api/v2/conversations/calls/$${{input.conversationId}}/participants/$${{input.participantId}}"
    request_type         = "PATCH"
    request_template     = "{{\\"state\\": \\"disconnected\\"}}"
    headers = {{ "Content-Type" = "application/json" }}
  }}
  config_response {{
    success_template = "$${{rawResult}}"
  }}
}}
''')
    return f"actions-{i}.tf", "\n".join(blocks)


def postman(rng, i):
    items = []
    for n in range(rng.randrange(2, 10)):
        wrong = rng.random() < 0.1
        url = ("{{baseUrl}}/api/v2/conversations/calls/{{conversationId}}" if wrong
               else "{{baseUrl}}/api/v2/conversations/calls/{{conversationId}}/participants/{{participantId}}")
        body = ({"participants": [{"id": "{{participantId}}", "action": "disconnect"}]} if wrong
                else {"state": "disconnected"})
        items.append({"name": f"request {n}", "request": {
            "method": "PATCH", "header": [{"key": "Content-Type", "value": "application/json"}],
            "url": {"raw": url, "host": ["{{baseUrl}}"], "path": url.split("}}/", 1)[1].split("/")},
            "body": {"mode": "raw", "raw": json.dumps(body), "options": {"raw": {"language": "json"}}}}})
    doc = {"info": {"_postman_id": uid(rng), "name": f"Collection {i}",
                    "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
           "item": [{"name": "Conversations", "item": items}],
           "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{accessToken}}", "type": "string"}]},
           "variable": [{"key": "baseUrl", "value": "https://api.mypurecloud.com"}]}
    return f"collection-{i}.postman_collection.json", json.dumps(doc, indent=2)


def insomnia(rng, i):
    workspace, folder = "wrk_" + uid(rng)[:8], "fld_" + uid(rng)[:8]
    resources = [
        {"_id": workspace, "_type": "workspace", "parentId": None, "name": f"Workspace {i}"},
        {"_id": "env_" + uid(rng)[:8], "_type": "environment", "parentId": workspace, "name": "Base",
         "data": {"baseUrl": "https://api.mypurecloud.com", "token": "{{ _.vaultToken }}"}},
        {"_id": folder, "_type": "request_group", "parentId": workspace, "name": "Calls",
         "authentication": {"type": "bearer", "token": "{{ _.token }}"}},
    ]
    for n in range(rng.randrange(2, 10)):
        wrong = rng.random() < 0.1
        body = {"state": "DISCONNECTED" if wrong else "disconnected"}
        resources.append({
            "_id": "req_" + uid(rng)[:8], "_type": "request", "parentId": folder, "name": f"request {n}",
            "method": "PATCH",
            "url": "{{ _.baseUrl }}/api/v2/conversations/calls/{{ _.conversationId }}/participants/{{ _.participantId }}",
            "headers": [{"name": "Content-Type", "value": "application/json"}],
            "body": {"mimeType": "application/json", "text": json.dumps(body)}, "authentication": {}})
    doc = {"_type": "export", "__export_format": 4, "__export_source": "insomnia.desktop.app:v2023.5.8",
           "resources": resources}
    return f"insomnia-{i}.json", json.dumps(doc, indent=2)


def postman_environment(rng, i):
    doc = {"id": uid(rng), "name": f"Environment {i}", "values": [
        {"key": "baseUrl", "value": "https://api.mypurecloud.com", "type": "default", "enabled": True},
        {"key": "conversationId", "value": uid(rng), "type": "default", "enabled": True},
        {"key": "accessToken", "value": "", "type": "secret", "enabled": True}],
        "_postman_variable_scope": "environment", "_postman_exported_using": "Postman/11.2.0"}
    return f"env-{i}.postman_environment.json", json.dumps(doc, indent=2)


def request_body(rng, i):
    roll = rng.random()
    if roll < 0.2:
        body = {"state": "DISCONNECTED", "muted": False}
    elif roll < 0.3:
        body = {"participantId": uid(rng), "action": "disconnect"}
    else:
        body = {"state": "disconnected", "wrapup": {"code": uid(rng), "notes": "resolved"}}
    return f"body-{i}.json", json.dumps(body, indent=2)


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    out, count = argv[1], int(argv[2]) if len(argv) == 3 else 10_000
    rng = random.Random(SEED)
    kinds: dict[str, int] = {}
    json_files = []
    total = 0
    for i in range(count):
        roll = rng.random()
        if roll < 0.60:
            make = rng.choice(ORDINARY)
            kind = "ordinary"
        elif roll < 0.72:
            make, kind = data_action, "data-action"
        elif roll < 0.82:
            make, kind = terraform, "terraform"
        elif roll < 0.88:
            make, kind = postman, "postman"
        elif roll < 0.91:
            make, kind = insomnia, "insomnia"
        elif roll < 0.92:
            make, kind = postman_environment, "postman-environment"
        else:
            make, kind = request_body, "body"
        name, text = make(rng, i)
        directory = os.path.join(out, "repo-%03d" % (i // 50), "d%05d" % i)
        os.makedirs(directory, exist_ok=True)
        path = os.path.join(directory, name)
        with open(path, "w") as f:
            f.write(text)
        total += len(text)
        kinds[kind] = kinds.get(kind, 0) + 1
        if name.endswith(".json"):
            json_files.append(path)
    with open(out + ".json-list", "wb") as f:
        f.write(b"".join(p.encode() + b"\0" for p in json_files))
    print("%s: %d files, %d bytes (%s); %d *.json" % (
        out, count, total, ", ".join("%s %d" % kv for kv in sorted(kinds.items())), len(json_files)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
