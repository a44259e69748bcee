"""The OpenAPI schemas the frontend generates its client from: complete and unambiguous."""

import json
from collections import Counter

from django.core.management import call_command
from ninja import Schema

import config.api  # noqa: F401 -- imports every router, so every schema class is defined


def _all_subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _all_subclasses(sub)
    return found


def test_schema_class_names_are_unique():
    # django-ninja keys OpenAPI components by class name: two classes with one name silently merge.
    ours = [cls for cls in _all_subclasses(Schema) if cls.__module__.startswith("alva.")]
    duplicates = {name: n for name, n in Counter(cls.__name__ for cls in ours).items() if n > 1}

    assert duplicates == {}


def test_export_writes_the_three_apis(tmp_path):
    call_command("export_openapi", output_dir=tmp_path)

    merchant = json.loads((tmp_path / "merchant.json").read_text())
    public = json.loads((tmp_path / "public.json").read_text())
    support = json.loads((tmp_path / "support.json").read_text())
    assert "/api/v1/deliveries/{delivery_id}" in merchant["paths"]
    assert "/api/v1/signup" in public["paths"]
    assert "/api/support/v1/me" in support["paths"]
    body = merchant["paths"]["/api/v1/api-keys"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert merchant["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]["required"] == ["name"]
