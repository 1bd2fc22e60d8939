app_name = "pastoral"

urlpatterns: list = []
