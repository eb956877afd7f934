"""URLs of the penilaian app. Each views module owns its own `urlpatterns`."""

from .views import (
    admin_buka,
    admin_lain,
    admin_nasional,
    admin_periode,
    cetak,
    evaluasi,
    pengisian,
    penilaian_skp,
)

app_name = "penilaian"

urlpatterns = (
    admin_periode.urlpatterns
    + admin_lain.urlpatterns
    + penilaian_skp.urlpatterns
    + pengisian.urlpatterns
    + evaluasi.urlpatterns
    + cetak.urlpatterns
    + admin_buka.urlpatterns
    + admin_nasional.urlpatterns
)
