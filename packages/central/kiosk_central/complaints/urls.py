from django.urls import path

from kiosk_central.complaints import inbox, public
from kiosk_central.network import public as open_to_all

app_name = "complaints"
urlpatterns = [
    # The public side (reachable from the internet through the office's proxy)
    path("pengaduan/", open_to_all(public.send), name="send"),
    path("pengaduan/terkirim/", open_to_all(public.sent), name="sent"),
    path("pengaduan/lacak/", open_to_all(public.track), name="track"),
    path("pengaduan/lacak/<str:code>/", open_to_all(public.track), name="tracked"),
    # The office's side (staff networks only)
    path("kotak-pengaduan/", inbox.listing, name="inbox"),
    path("kotak-pengaduan/<int:pk>/", inbox.detail, name="detail"),
    path("kotak-pengaduan/<int:pk>/aksi/", inbox.act, name="act"),
    path("kotak-pengaduan/<int:pk>/foto/", inbox.photo, name="photo"),
    path("kotak-pengaduan/pengawas/", inbox.fees_supervisor, name="fees_supervisor"),
]
