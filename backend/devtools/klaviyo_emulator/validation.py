"""Validation of request bodies against Klaviyo's OpenAPI schemas plus the limits Klaviyo documents in prose."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SCHEMA_DIR = Path(__file__).parent / "schemas"
CREATE_EVENT = ("create_event_request.schema.json", "EventCreateQueryV2")
BULK_CREATE_EVENTS = ("bulk_create_events_request.schema.json", "EventsBulkCreateJob")
CLIENT_ERROR = ("error_responses_and_auth.schema.json", "ClientError")

# Documented in the operations' descriptions rather than in the schemas.
MAX_EVENT_PROPERTIES = 400
MAX_STRING_BYTES = 100 * 1024
MAX_BULK_EVENTS = 1000
MAX_METRIC_NAME = 127  # "Must be less than 128 characters."
PROFILE_IDENTIFIERS = ("id", "email", "phone_number", "external_id", "anonymous_id", "_kx")

# Keywords whose values are schemas; everything else (example, default, enum...) is data and
# must not be rewritten.
_SCHEMA_MAPS = ("properties", "patternProperties", "definitions")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
_SCHEMA_SINGLE = ("items", "additionalProperties", "not")
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_E164 = re.compile(r"^\+[1-9]\d{1,14}$")


@dataclass(frozen=True)
class Violation:
    pointer: str
    detail: str


def _convert_schema(schema: Any) -> Any:
    """Turn an OpenAPI 3.0 schema object into JSON Schema draft 4.

    OpenAPI 3.0 spells "may be null" as `nullable: true`, which JSON Schema ignores; without this
    rewrite every `"time": null` that Klaviyo accepts would be rejected.
    """
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "nullable":
            continue
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            out[key] = {name: _convert_schema(sub) for name, sub in value.items()}
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            out[key] = [_convert_schema(sub) for sub in value]
        elif key in _SCHEMA_SINGLE and isinstance(value, dict):
            out[key] = _convert_schema(value)
        else:
            out[key] = value
    if schema.get("nullable") is True:
        return _nullable(out)
    return out


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        # Draft 4 ignores $ref siblings, so the null alternative has to wrap the reference.
        return {"anyOf": [{"type": "null"}, {"$ref": schema["$ref"]}]}
    combinators = {"enum", "allOf", "anyOf", "oneOf", "not"}
    if isinstance(schema.get("type"), str) and not combinators & schema.keys():
        return {**schema, "type": [schema["type"], "null"]}
    return {"anyOf": [{"type": "null"}, schema]}


def _load(file_name: str) -> dict[str, Any]:
    with (SCHEMA_DIR / file_name).open(encoding="utf-8") as fh:
        document: dict[str, Any] = json.load(fh)
    return document


def _check_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    return parse_datetime(value) is not None


def parse_datetime(value: str) -> datetime | None:
    """Parse an RFC 3339 date-time (the JSON Schema `date-time` format) to an aware datetime."""
    if not _RFC3339.match(value):
        return None
    try:
        return datetime.fromisoformat(value.upper())
    except ValueError:
        return None


@functools.cache
def _validator(file_name: str, schema_name: str) -> Draft4Validator:
    document = _load(file_name)
    converted = {
        "components": {
            "schemas": {
                name: _convert_schema(schema) for name, schema in document["components"].get("schemas", {}).items()
            },
            "responses": document["components"].get("responses", {}),
        }
    }
    uri = f"urn:klaviyo-openapi:{file_name}"
    registry: Registry[Any] = Registry().with_resource(
        uri, Resource.from_contents(converted, default_specification=DRAFT4)
    )
    checker = FormatChecker(formats=())
    checker.checks("date-time")(_check_date_time)
    return Draft4Validator(
        {"$ref": f"{uri}#/components/schemas/{schema_name}"},
        registry=registry,
        format_checker=checker,
    )


def client_error_schema() -> dict[str, Any]:
    """The official schema of a 4XX JSON:API error body, for checking our own answers."""
    file_name, name = CLIENT_ERROR
    schema: dict[str, Any] = _load(file_name)["components"]["responses"][name]["content"]["application/vnd.api+json"][
        "schema"
    ]
    return schema


def _pointer(path: Iterable[object]) -> str:
    parts = [str(p).replace("~", "~0").replace("/", "~1") for p in path]
    return "/" + "/".join(parts)


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _is_nullable_wrapper(schema: object) -> bool:
    if not isinstance(schema, dict):
        return False
    branches = schema.get("anyOf")
    return isinstance(branches, list) and len(branches) == 2 and branches[0] == {"type": "null"}


def _violations(error: ValidationError) -> Iterator[Violation]:
    pointer = _pointer(error.absolute_path)
    if error.validator == "anyOf" and _is_nullable_wrapper(error.schema) and error.context:
        # Report why the non-null alternative failed; "is not null" helps nobody.
        inner = [e for e in error.context if e.relative_schema_path[0] == 1]
        if inner:
            for sub in inner:
                yield from _violations(sub)
            return
    if error.validator == "required":
        required: list[Any] = list(error.validator_value)  # type: ignore[arg-type]
        for name in required:
            if isinstance(error.instance, dict) and name not in error.instance:
                where = pointer.rstrip("/") + "/" + str(name).replace("~", "~0").replace("/", "~1")
                yield Violation(where, f"'{name}' is a required field.")
        return
    if error.validator == "type":
        expected = error.validator_value
        allowed = " or ".join(expected) if isinstance(expected, list) else str(expected)
        got = _json_type(error.instance)
        yield Violation(pointer, f"Invalid value at '{pointer}': expected {allowed}, got {got}.")
        return
    if error.validator == "enum":
        choices: list[Any] = list(error.validator_value)  # type: ignore[arg-type]
        options = ", ".join(json.dumps(v) for v in choices)
        yield Violation(pointer, f"Invalid value at '{pointer}': must be one of {options}.")
        return
    if error.validator == "format":
        yield Violation(
            pointer, f"Invalid value at '{pointer}': {error.instance!r} is not a valid {error.validator_value}."
        )
        return
    yield Violation(pointer, f"Invalid value at '{pointer}': {error.message}.")


def _schema_violations(schema_ref: tuple[str, str], body: object) -> list[Violation]:
    validator = _validator(*schema_ref)
    found: list[Violation] = []
    for error in validator.iter_errors(body):
        for violation in _violations(error):
            if violation not in found:
                found.append(violation)
    return found


def _long_strings(value: object, path: tuple[object, ...]) -> Iterator[Violation]:
    if isinstance(value, str):
        if len(value.encode()) > MAX_STRING_BYTES:
            yield Violation(_pointer(path), "A single string cannot exceed 100KB.")
    elif isinstance(value, dict):
        for key, sub in value.items():
            yield from _long_strings(sub, (*path, key))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            yield from _long_strings(sub, (*path, index))


def _profile_violations(profile: dict[str, Any], path: tuple[object, ...]) -> Iterator[Violation]:
    attributes = profile.get("attributes") or {}
    present = {
        name
        for name in PROFILE_IDENTIFIERS
        if (profile.get(name) if name == "id" else attributes.get(name)) not in (None, "")
    }
    if not present:
        yield Violation(
            _pointer(path),
            "The profile needs at least one identifier: id, email, phone_number, external_id, anonymous_id or _kx.",
        )
    email = attributes.get("email")
    if isinstance(email, str) and email and not _EMAIL.match(email):
        yield Violation(_pointer((*path, "attributes", "email")), f"Invalid email address: {email!r}.")
    phone = attributes.get("phone_number")
    if isinstance(phone, str) and phone and not _E164.match(phone):
        yield Violation(
            _pointer((*path, "attributes", "phone_number")),
            f"Invalid phone number {phone!r}: use E.164 format, e.g. +15005550006.",
        )


def _event_violations(attributes: dict[str, Any], path: tuple[object, ...], now: datetime) -> Iterator[Violation]:
    name = attributes["metric"]["data"]["attributes"]["name"]
    name_path = (*path, "metric", "data", "attributes", "name")
    if not name.strip():
        yield Violation(_pointer(name_path), "The metric name must not be blank.")
    elif len(name) > MAX_METRIC_NAME:
        yield Violation(_pointer(name_path), "The metric name must be less than 128 characters.")
    if len(attributes["properties"]) > MAX_EVENT_PROPERTIES:
        yield Violation(_pointer((*path, "properties")), "Event properties must not exceed 400 properties.")
    raw_time = attributes.get("time")
    if isinstance(raw_time, str):
        when = parse_datetime(raw_time)
        if when is not None and when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        if when is not None and not (datetime(1990, 1, 1, tzinfo=UTC) < when <= now + timedelta(days=365)):
            yield Violation(
                _pointer((*path, "time")),
                "The time must be after the year 1990 and at most 1 year in the future.",
            )


def validate_create_event(body: object, now: datetime) -> list[Violation]:
    """All reasons Klaviyo would answer 400 to this Create Event body; empty when it is valid."""
    found = _schema_violations(CREATE_EVENT, body)
    if found:
        return found
    assert isinstance(body, dict)  # the schema guarantees the shape from here on
    attributes = body["data"]["attributes"]
    base = ("data", "attributes")
    found.extend(_profile_violations(attributes["profile"]["data"], (*base, "profile", "data")))
    found.extend(_event_violations(attributes, base, now))
    found.extend(_long_strings(body, ()))
    return found


def validate_bulk_create_events(body: object, now: datetime) -> list[Violation]:
    """All reasons Klaviyo would answer 400 to this Bulk Create Events body; empty when valid."""
    found = _schema_violations(BULK_CREATE_EVENTS, body)
    if found:
        return found
    assert isinstance(body, dict)
    entries = body["data"]["attributes"]["events-bulk-create"]["data"]
    base: tuple[object, ...] = ("data", "attributes", "events-bulk-create", "data")
    total = 0
    for index, entry in enumerate(entries):
        entry_path = (*base, index, "attributes")
        attributes = entry["attributes"]
        found.extend(_profile_violations(attributes["profile"]["data"], (*entry_path, "profile", "data")))
        for event_index, event in enumerate(attributes["events"]["data"]):
            total += 1
            event_path = (*entry_path, "events", "data", event_index, "attributes")
            found.extend(_event_violations(event["attributes"], event_path, now))
    if total > MAX_BULK_EVENTS:
        found.append(Violation(_pointer(base), "A bulk job accepts at most 1,000 events."))
    found.extend(_long_strings(body, ()))
    return found
