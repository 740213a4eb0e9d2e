"""The OpenAPI schema is valid and describes every operation."""

from __future__ import annotations

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from openapi_spec_validator import validate


@pytest.fixture(scope="module")
def schema():
    generator = SchemaGenerator()
    return generator.get_schema(request=None, public=True)


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield path, method, operation


def test_the_schema_is_valid_openapi_3(schema):
    validate_schema(schema)
    validate(schema)


def test_every_tenant_path_lives_under_an_ambito(schema):
    assert schema["paths"], "the API exposes no path"
    for path in schema["paths"]:
        assert path.startswith("/api/v1/a/{ambito_slug}/"), path


def test_every_operation_is_described(schema):
    undescribed = [f"{method.upper()} {path}" for path, method, op in operations(schema)
                   if not (op.get("summary") or op.get("description"))]
    assert not undescribed


def test_the_schema_and_its_documentation_page_are_served(client):
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200


def test_the_documentation_page_loads_nothing_from_other_origins(client):
    html = client.get("/api/docs/").content.decode()
    assert "cdn." not in html and "https://" not in html.split("<body")[0]



def test_every_refusal_is_described_with_the_one_error_schema(schema):
    """Each 4xx an operation declares points at the common ``Errore`` component (ambito.api.schema)."""
    altri = []
    for path, method, op in operations(schema):
        for codice, risposta in op.get("responses", {}).items():
            if not str(codice).startswith("4"):
                continue
            contenuto = risposta.get("content", {}).get("application/json", {}).get("schema", {})
            if contenuto.get("$ref") != "#/components/schemas/Errore":
                altri.append(f"{method.upper()} {path} {codice}")
    assert not altri, altri
    assert set(schema["components"]["schemas"]["Errore"]["properties"]) == {"errore"}
