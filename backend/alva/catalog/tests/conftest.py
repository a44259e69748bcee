"""Catalog test fixtures: the S3 bucket on the throwaway moto server, people with roles, upload helpers."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest
from django.conf import settings
from django.test import Client

from alva.accounts.models import Role
from alva.catalog import storage
from alva.catalog.models import BundleFile
from alva.core.testing import in_schema
from alva.tenants.models import Tenant


@pytest.fixture(scope="session", autouse=True)
def s3_bucket() -> str:
    """The bucket devtools does not create for tests, with the CORS rule real buckets get from Terraform."""
    s3 = storage.client()
    existing = {bucket["Name"] for bucket in s3.list_buckets().get("Buckets", [])}
    if settings.S3_BUCKET not in existing:
        s3.create_bucket(Bucket=settings.S3_BUCKET)
    storage.bucket_apply_cors()
    return str(settings.S3_BUCKET)


@pytest.fixture
def admin_a(make_member, tenant_a):
    return make_member(tenant_a, Role.ADMIN)


@pytest.fixture
def admin_client(admin_a) -> Client:
    return admin_a.client()


@pytest.fixture
def member_client(make_member, tenant_a) -> Client:
    return make_member(tenant_a, Role.MEMBER).client()


def create_bundle(client: Client, **fields: object) -> dict:
    response = client.post("/api/v1/bundles", {"name": "Film Presets", **fields}, content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()


def start_upload(client: Client, bundle_id: str, *, filename: str, size: int, content_type: str = ""):
    return client.post(
        f"/api/v1/bundles/{bundle_id}/files",
        {"filename": filename, "size": size, "content_type": content_type},
        content_type="application/json",
    )


def complete(client: Client, file_id: str, parts: list[dict] | None = None):
    body = {"parts": parts} if parts is not None else {}
    return client.post(f"/api/v1/files/{file_id}/complete", body, content_type="application/json")


@dataclass
class Uploaded:
    file: dict
    completed: dict


def upload_file(
    client: Client, bundle_id: str, data: bytes, *, filename: str = "guide.pdf", content_type: str = "application/pdf"
) -> Uploaded:
    """The browser's part: ask for a PUT URL, PUT the bytes to S3 with the headers given, complete."""
    started = start_upload(client, bundle_id, filename=filename, size=len(data), content_type=content_type)
    assert started.status_code == 201, started.content
    upload = started.json()["upload"]
    assert upload["method"] == "PUT"
    put = httpx.put(upload["url"], content=data, headers=upload["headers"])
    assert put.status_code == 200, put.text
    completed = complete(client, started.json()["file"]["id"])
    assert completed.status_code == 200, completed.content
    return Uploaded(file=started.json()["file"], completed=completed.json())


def object_exists(key: str) -> bool:
    return storage.object_size(key) is not None


def stored_file(tenant: Tenant, file_id: str) -> BundleFile:
    with in_schema(tenant):
        return BundleFile.objects.get(id=file_id)
