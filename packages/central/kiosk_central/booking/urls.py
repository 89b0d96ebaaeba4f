from django.urls import path

from kiosk_central.booking import views

app_name = "booking"
urlpatterns = [
    path("", views.start, name="start"),
    path("cari/", views.find, name="find"),
    path("b/<str:code>/", views.show, name="show"),
    path("b/<str:code>/qr.svg", views.qr, name="qr"),
    path("b/<str:code>/kalender.ics", views.ics, name="ics"),
    path("b/<str:code>/batal", views.cancel, name="cancel"),
    path("b/<str:code>/pindah", views.move, name="move"),
    path("<slug:service>/", views.choose, name="choose"),
    path("<slug:service>/data", views.details, name="details"),
]
