from django.urls import path

from kiosk_central.network import public
from kiosk_central.public import views

app_name = "public"
urlpatterns = [
    path("tantangan", public(views.challenge), name="challenge"),
]
