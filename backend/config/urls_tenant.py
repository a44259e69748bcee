"""URLs of a store host {subdomain}.{APP_DOMAIN} (the store's schema): merchant API, later webhooks and downloads."""

from django.urls import path

from alva.deliveries.views import download_file, download_page
from alva.ingest.views import webhook_receive
from config.api import merchant_api

urlpatterns = [
    path("api/v1/", merchant_api.urls),
    path("webhook/<str:slug>", webhook_receive, name="webhook-receive"),
    path("d/<str:token>", download_page, name="download-page"),
    path("d/<str:token>/files/<uuid:file_id>", download_file, name="download-file"),
]

handler400 = "alva.core.views.bad_request"
handler403 = "alva.core.views.forbidden"
handler404 = "alva.core.views.not_found"
handler500 = "alva.core.views.server_error"
