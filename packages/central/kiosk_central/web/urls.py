from django.contrib.auth import views as auth_views
from django.urls import path

from kiosk_central.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("masuk/", views.SignIn.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
]
