from . import audit_views

app_name = "core"

urlpatterns = audit_views.urlpatterns
