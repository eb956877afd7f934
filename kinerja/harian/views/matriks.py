urlpatterns: list = []  # filled by the module owner
