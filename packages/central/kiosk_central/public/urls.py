from django.urls import path

from kiosk_central.public import views

app_name = "public"
urlpatterns = [
    path("tantangan", views.challenge, name="challenge"),
]
