"""URLs of a store host {subdomain}.{APP_DOMAIN} (the store's schema): merchant API, later webhooks and downloads."""

from django.urls import path

from config.api import merchant_api

urlpatterns = [path("api/v1/", merchant_api.urls)]

handler400 = "alva.core.views.bad_request"
handler403 = "alva.core.views.forbidden"
handler404 = "alva.core.views.not_found"
handler500 = "alva.core.views.server_error"
