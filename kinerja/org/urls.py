"""URLs of the org app. Each views module owns its own `urlpatterns`."""

from .views import admin_import, admin_pegawai, admin_plt, admin_unit, profil

app_name = "org"

urlpatterns = (
    profil.urlpatterns
    + admin_unit.urlpatterns
    + admin_plt.urlpatterns
    + admin_pegawai.urlpatterns
    + admin_import.urlpatterns
)
