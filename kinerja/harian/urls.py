from .views import ckhp, matriks, tpp

app_name = "harian"
urlpatterns = [*matriks.urlpatterns, *ckhp.urlpatterns, *tpp.urlpatterns]
