"""The portal's URLs plus the bench's floor view, so the floor never ships as a product URL."""

from django.urls import path

from bench.views import floor
from portal.urls import handler403, handler404
from portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [path("bench/floor/", floor, name="bench-floor"), *portal_urlpatterns]

__all__ = ["handler403", "handler404", "urlpatterns"]
