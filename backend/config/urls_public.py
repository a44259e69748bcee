"""URLs of app.{APP_DOMAIN} (public schema): sign-up."""

from django.urls import path

from config.api import public_api

urlpatterns = [path("api/v1/", public_api.urls)]

handler400 = "alva.core.views.bad_request"
handler403 = "alva.core.views.forbidden"
handler404 = "alva.core.views.not_found"
handler500 = "alva.core.views.server_error"
