"""URLs of support.{APP_DOMAIN} (public schema): the staff-only support console."""

from django.urls import path

from config.api import support_api

urlpatterns = [path("api/support/v1/", support_api.urls)]

handler400 = "alva.core.views.bad_request"
handler403 = "alva.core.views.forbidden"
handler404 = "alva.core.views.not_found"
handler500 = "alva.core.views.server_error"
