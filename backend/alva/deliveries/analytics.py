"""Analytics selectors: per-day counts and rates over a date range (UTC days, test deliveries excluded)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db import connection
from django.db.models import Count
from django.db.models.functions import TruncDate

from alva.deliveries.models import Delivery, Download
from alva.fraud.selectors import fraud_settings_current

MAX_RANGE_DAYS = 366


@dataclass(frozen=True)
class Range:
    start: datetime
    end: datetime  # exclusive


def day_range(date_from: date, date_to: date) -> Range:
    return Range(
        start=datetime.combine(date_from, time.min, tzinfo=UTC),
        end=datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=UTC),
    )


def analytics_summary(*, date_from: date, date_to: date) -> dict[str, Any]:
    span = day_range(date_from, date_to)
    deliveries = Delivery.objects.filter(created_at__gte=span.start, created_at__lt=span.end, is_test=False)
    per_day = (
        deliveries.annotate(day=TruncDate("created_at", tzinfo=UTC))
        .values("day", "status")
        .annotate(count=Count("id"))
        .order_by("day", "status")
    )
    downloads = (
        Download.objects.filter(created_at__gte=span.start, created_at__lt=span.end, token__delivery__is_test=False)
        .annotate(day=TruncDate("created_at", tzinfo=UTC))
        .values("day")
        .annotate(count=Count("id"))
        .order_by("day")
    )
    scored = deliveries.filter(fraud_score__isnull=False)
    scored_total = scored.count()
    flagged = scored.filter(fraud_score__gt=fraud_settings_current().approve_max).count()
    top = (
        deliveries.values("bundle_id", "bundle__name")
        .annotate(deliveries=Count("id", distinct=True), downloads=Count("tokens__downloads", distinct=True))
        .order_by("-deliveries", "bundle__name")[:5]
    )
    return {
        "date_from": date_from,
        "date_to": date_to,
        "deliveries_per_day": list(per_day),
        "downloads_per_day": list(downloads),
        "deliveries_total": deliveries.count(),
        "fraud_rate": round(flagged / scored_total, 4) if scored_total else 0.0,
        "median_minutes_to_first_download": _median_minutes_to_first_download(span),
        "top_bundles": [
            {
                "bundle_id": t["bundle_id"],
                "name": t["bundle__name"],
                "deliveries": t["deliveries"],
                "downloads": t["downloads"],
            }
            for t in top
        ],
    }


def _median_minutes_to_first_download(span: Range) -> float | None:
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT percentile_cont(0.5) WITHIN GROUP (
                   ORDER BY EXTRACT(EPOCH FROM (first_download_at - created_at)) / 60)
               FROM deliveries_delivery
               WHERE created_at >= %s AND created_at < %s AND NOT is_test AND first_download_at IS NOT NULL""",
            [span.start, span.end],
        )
        (median,) = cursor.fetchone()
    return round(float(median), 2) if median is not None else None
