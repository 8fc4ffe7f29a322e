//! The OpenAPI 3.1 document, generated from the route table and the request schemas below.

use serde_json::{Map, Value, json};

use crate::api::ROUTES;
use crate::auth::Permission;

fn schemas() -> Value {
    json!({
        "Login": {"type": "object", "required": ["user", "password"], "additionalProperties": false,
            "properties": {"user": {"type": "string", "maxLength": 64}, "password": {"type": "string"}}},
        "Disposition": {"type": "object", "required": ["decision"], "additionalProperties": false,
            "properties": {"decision": {"type": "string", "enum": ["escalate", "dismiss", "needs-information"]},
                           "reason": {"type": "string", "maxLength": 4000,
                                      "description": "Required for dismiss and needs-information."}}},
        "NewNote": {"type": "object", "required": ["text"], "additionalProperties": false,
            "properties": {"entity": {"type": "string"}, "text": {"type": "string", "maxLength": 8000}}},
        "NewJob": {"type": "object", "required": ["kind"], "additionalProperties": false,
            "properties": {"kind": {"type": "string", "enum": ["analysis"]}}},
        "Error": {"type": "object", "properties": {"error": {"type": "object",
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}}
    })
}

/// The document.
pub fn document() -> Value {
    let mut paths: Map<String, Value> = Map::new();
    for r in ROUTES {
        let mut params: Vec<Value> = r
            .path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{')?.strip_suffix('}'))
            .map(|p| json!({"name": p, "in": "path", "required": true, "schema": {"type": "string"}}))
            .collect();
        params.extend(
            r.query
                .iter()
                .map(|(n, d)| json!({"name": n, "in": "query", "description": d, "schema": {"type": "string"}})),
        );
        let error = json!({"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
        let mut responses = json!({"200": {"description": "OK", "content": {r.produces: {}}}});
        for (code, what) in
            [("400", "Malformed request"), ("401", "Not logged in"), ("403", "Not allowed"), ("404", "Not found")]
        {
            responses[code] = json!({"description": what, "content": error["content"].clone()});
        }
        let perm = serde_json::to_value(r.permission).unwrap_or(Value::Null);
        let mut op = json!({
            "summary": r.summary,
            "operationId": format!("{} {}", r.method.to_lowercase(), r.path),
            "parameters": params,
            "responses": responses,
            "x-permission": perm,
        });
        if r.permission == Permission::Public {
            op["security"] = json!([]);
        }
        if let Some(body) = r.body {
            op["requestBody"] = json!({"required": true, "content": {"application/json":
                {"schema": {"$ref": format!("#/components/schemas/{body}")}}}});
        }
        let entry = paths.entry(r.path.to_string()).or_insert_with(|| json!({}));
        entry[r.method.to_lowercase()] = op;
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Theseus workbench API", "version": env!("CARGO_PKG_VERSION"),
                 "description": "Every call but login needs the session cookie; every POST also the X-CSRF-Token header. Victims are pseudonymised for roles without the victim_data permission."},
        "paths": paths,
        "components": {
            "schemas": schemas(),
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": crate::api::SESSION_COOKIE}}
        },
        "security": [{"session": []}]
    })
}
