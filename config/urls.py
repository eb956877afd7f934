from django.contrib.auth import views as auth_views
from django.urls import include, path

from kinerja.core import views as core_views
from kinerja.org.views import akun

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("healthz/db", core_views.healthz_db, name="healthz_db"),
    path("masuk/", akun.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/password/", akun.password_change, name="password_change"),
    path("", include("kinerja.org.urls")),
    path("", include("kinerja.core.urls")),
    path("", include("kinerja.skp.urls")),
    path("", include("kinerja.penilaian.urls")),
    path("", include("kinerja.api.urls")),
    path("", include("kinerja.integrasi.urls")),
    path("", include("kinerja.laporan.urls")),
    path("", include("kinerja.harian.urls")),
    path("", include("kinerja.sampah.urls")),
]

# A database that cannot be reached answers 503 with its own page (kinerja/core/errors_http.py), others 500.
handler500 = "kinerja.core.errors_http.server_error"
