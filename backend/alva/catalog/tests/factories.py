"""factory-boy factories for catalog models; use them inside `in_schema(tenant)`."""

from __future__ import annotations

import uuid

import factory

from alva.catalog import storage
from alva.catalog.models import Bundle, BundleFile, FileCategory
from alva.core.tenancy import current_schema


class BundleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bundle

    name = factory.Sequence(lambda n: f"Preset Pack {n}")
    description = "Twelve presets for warm film tones."


class BundleFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BundleFile

    id = factory.LazyFunction(uuid.uuid4)
    bundle = factory.SubFactory(BundleFactory)
    position = factory.Sequence(lambda n: n)
    filename = factory.Sequence(lambda n: f"guide-{n}.pdf")
    size = 1024
    content_type = "application/pdf"
    category = FileCategory.DOCUMENT
    sha256 = "0" * 64
    state = BundleFile.State.READY
    object_key = factory.LazyAttribute(lambda file: storage.object_key(schema_name=current_schema(), file_id=file.id))
