from django.urls import path

from kiosk_central.complaints import inbox, public

app_name = "complaints"
urlpatterns = [
    # The public side (reachable from the internet through the office's proxy)
    path("pengaduan/", public.send, name="send"),
    path("pengaduan/terkirim/", public.sent, name="sent"),
    path("pengaduan/lacak/", public.track, name="track"),
    path("pengaduan/lacak/<str:code>/", public.track, name="tracked"),
    # The office's side (staff networks only)
    path("kotak-pengaduan/", inbox.listing, name="inbox"),
    path("kotak-pengaduan/<int:pk>/", inbox.detail, name="detail"),
    path("kotak-pengaduan/<int:pk>/aksi/", inbox.act, name="act"),
    path("kotak-pengaduan/<int:pk>/foto/", inbox.photo, name="photo"),
    path("kotak-pengaduan/pengawas/", inbox.fees_supervisor, name="fees_supervisor"),
]
