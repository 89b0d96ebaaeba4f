from django.urls import path

from kiosk_central.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.live, name="live"),
    path("live.json", views.live_json, name="live_json"),
    path("period/", views.period, name="period"),
    path("export/<slug:name>.csv", views.export_csv, name="export_csv"),
    path("export/report.xlsx", views.export_xlsx, name="export_xlsx"),
    path("skm.pdf", views.skm, name="skm_pdf"),
]
