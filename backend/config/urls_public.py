"""URLs of app.{APP_DOMAIN} (public schema): sign-up."""

from django.urls import path

from alva.billing.views import stripe_webhook
from alva.klaviyo.views import oauth_public_callback
from config.api import public_api

urlpatterns = [
    path("api/v1/", public_api.urls),
    # The one redirect URI registered with Klaviyo; it forwards the browser to the store's own host.
    path("oauth/klaviyo/callback", oauth_public_callback, name="klaviyo-oauth-callback"),
    path("webhooks/stripe", stripe_webhook, name="stripe-webhook"),
]

handler400 = "alva.core.views.bad_request"
handler403 = "alva.core.views.forbidden"
handler404 = "alva.core.views.not_found"
handler500 = "alva.core.views.server_error"
