from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("kiosk_central.api.urls")),
    path("admin/", admin.site.urls),
    path("dashboard/", include("kiosk_central.dashboard.urls")),
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: Indonesian or English
    path("loket/", include("kiosk_central.counter.urls")),
    path("publik/", include("kiosk_central.public.urls")),
    path("reservasi/", include("kiosk_central.booking.urls")),
    path("", include("kiosk_central.display.urls")),
    path("", include("kiosk_central.complaints.urls")),
    path("", include("kiosk_central.web.urls")),
]
