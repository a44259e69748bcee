"""Reads the delivery pipeline uses: the bundle behind a webhook slug, and its ready files in order."""

from alva.catalog.models import BundleFile
from alva.catalog.selectors import bundle_for_webhook, bundle_ready_files
from alva.catalog.tests.factories import BundleFactory, BundleFileFactory
from alva.core.testing import in_schema


def test_bundle_for_webhook_finds_active_and_inactive_bundles(tenant_a):
    with in_schema(tenant_a):
        active = BundleFactory.create()
        inactive = BundleFactory.create(active=False)

        assert bundle_for_webhook(active.webhook_slug) == active
        assert bundle_for_webhook(inactive.webhook_slug) == inactive
        assert bundle_for_webhook("no-such-slug") is None
        assert bundle_for_webhook("") is None
        assert bundle_for_webhook("x" * 10_000) is None


def test_bundle_for_webhook_never_crosses_stores(tenant_a, tenant_b):
    with in_schema(tenant_b):
        slug = BundleFactory.create().webhook_slug

    with in_schema(tenant_a):
        assert bundle_for_webhook(slug) is None


def test_bundle_ready_files_are_the_ready_ones_in_order(tenant_a):
    with in_schema(tenant_a):
        bundle = BundleFactory.create()
        third = BundleFileFactory.create(bundle=bundle, position=5)
        first = BundleFileFactory.create(bundle=bundle, position=0)
        BundleFileFactory.create(bundle=bundle, position=1, state=BundleFile.State.PENDING)
        BundleFileFactory.create(bundle=bundle, position=2, state=BundleFile.State.VERIFYING)
        BundleFileFactory.create(bundle=bundle, position=3, state=BundleFile.State.FAILED)
        second = BundleFileFactory.create(bundle=bundle, position=4)
        BundleFileFactory.create(position=0)  # another bundle's

        assert bundle_ready_files(bundle) == [first, second, third]
