from django.urls import path

from kiosk_central.booking import views
from kiosk_central.network import public

# Every booking page is for the public, from anywhere (kiosk_central/network.py).
app_name = "booking"
urlpatterns = [
    path("", public(views.start), name="start"),
    path("cari/", public(views.find), name="find"),
    path("b/<str:code>/", public(views.show), name="show"),
    path("b/<str:code>/qr.svg", public(views.qr), name="qr"),
    path("b/<str:code>/kalender.ics", public(views.ics), name="ics"),
    path("b/<str:code>/batal", public(views.cancel), name="cancel"),
    path("b/<str:code>/pindah", public(views.move), name="move"),
    path("k/<str:token>/", public(views.private), name="private"),
    path("<slug:service>/", public(views.choose), name="choose"),
    path("<slug:service>/data", public(views.details), name="details"),
]
