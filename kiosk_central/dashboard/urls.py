from django.contrib.auth import views as auth_views
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
    # The central has no sign-in page of its own yet (the admin's is for the admin).
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="dashboard/login.html"),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(next_page="dashboard:login"), name="logout"),
]
