from django.urls import path, re_path

from kiosk_central.api import views

urlpatterns = [
    path("services", views.services),
    path("tickets", views.tickets),
    path("tickets/<str:ticket_id>/position", views.position),
    path("tickets/<str:ticket_id>/void", views.void),
    path("bookings/<str:code>", views.booking),
    path("checkins", views.checkins),
    path("ratings", views.ratings),
    path("heartbeat", views.heartbeat),
    path("guides/<str:version>", views.guides),
    path("batch", views.batch),
    re_path(r"^(?P<rest>.*)$", views.not_found),
]
