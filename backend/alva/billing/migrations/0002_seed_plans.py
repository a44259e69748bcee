"""The four plans. Their numbers are data: change them with a new migration, never in code."""

from django.db import migrations

GIB = 1024**3

PLANS = [
    # code, name, rank, monthly deliveries, storage bytes, bundles, display price (cents/month)
    ("free", "Free", 0, 100, 1 * GIB, 3, 0),
    ("starter", "Starter", 10, 1_000, 10 * GIB, 20, 1_900),
    ("growth", "Growth", 20, 10_000, 100 * GIB, 100, 4_900),
    ("scale", "Scale", 30, 100_000, 1_024 * GIB, 1_000, 14_900),
]


def seed(apps, schema_editor):
    Plan = apps.get_model("billing", "Plan")
    for code, name, rank, deliveries, storage, bundles, cents in PLANS:
        Plan.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "rank": rank,
                "monthly_deliveries": deliveries,
                "storage_bytes": storage,
                "bundle_limit": bundles,
                "price_monthly_cents": cents,
                "currency": "usd",
            },
        )


def unseed(apps, schema_editor):
    Plan = apps.get_model("billing", "Plan")
    Plan.objects.filter(code__in=[plan[0] for plan in PLANS]).delete()


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
