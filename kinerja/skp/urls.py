"""URLs of the skp app. Each views module owns its own `urlpatterns`."""

from .views import admin, bawahan, cetak, daftar, detail

app_name = "skp"

urlpatterns = (
    daftar.urlpatterns + detail.urlpatterns + bawahan.urlpatterns + cetak.urlpatterns + admin.urlpatterns
)
