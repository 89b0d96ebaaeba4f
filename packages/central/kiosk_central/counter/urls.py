from django.urls import path

from kiosk_central.counter import views

urlpatterns = [
    path("", views.terminal, name="counter"),
    path("panel", views.panel, name="counter-panel"),
    path("pilih", views.choose, name="counter-choose"),
    path("ganti", views.leave, name="counter-leave"),
    path("live", views.live, name="counter-live"),
    path("aksi/<str:action>", views.act, name="counter-act"),
]
