from django.urls import path, re_path

from kiosk_central.display import views

urlpatterns = [
    path("display/", views.display, name="display"),
    path("display/state", views.display_state, name="display-state"),
    path("display/live", views.display_live, name="display-live"),
    re_path(r"^announce/segments/(?P<path>[A-Za-z0-9_./-]+)$", views.segments, name="segments"),
    path("s/<str:ticket_id>", views.status, name="status"),
    path("s/<str:ticket_id>/state", views.status_json, name="status-state"),
    path("s/<str:ticket_id>/live", views.status_live, name="status-live"),
]
