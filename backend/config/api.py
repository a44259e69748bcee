"""The NinjaAPI instances, one per kind of host."""

from alva.accounts.api import api_keys_router, auth_router, team_router
from alva.billing.api import router as billing_router
from alva.catalog.api import router as catalog_router
from alva.core.api import build_api
from alva.deliveries.api import router as deliveries_router
from alva.fraud.api import router as fraud_router
from alva.ingest.api import router as ingest_router
from alva.klaviyo.api import router as klaviyo_router
from alva.store.api import router as store_router
from alva.support.api import router as support_router
from alva.tenants.api import closure_router
from alva.tenants.api import router as signup_router

public_api = build_api(title="Alva public API", urls_namespace="public-api", description="Sign-up on app.{APP_DOMAIN}.")
public_api.add_router("/", signup_router)

merchant_api = build_api(
    title="Alva merchant API",
    urls_namespace="merchant-api",
    description="The API of one store, on {store}.{APP_DOMAIN}. Session cookie + X-CSRFToken, or Bearer API key.",
)
merchant_api.add_router("/auth", auth_router)
merchant_api.add_router("/api-keys", api_keys_router)
merchant_api.add_router("/team", team_router)
# Each pipeline app owns its full paths (/bundles…, /settings/webhook…, /deliveries…).
merchant_api.add_router("", catalog_router)
merchant_api.add_router("", ingest_router)
merchant_api.add_router("", fraud_router)
merchant_api.add_router("", klaviyo_router)
merchant_api.add_router("", deliveries_router)
merchant_api.add_router("", billing_router)
merchant_api.add_router("", closure_router)
merchant_api.add_router("", store_router)

support_api = build_api(title="Alva support API", urls_namespace="support-api")
support_api.add_router("/", support_router)
