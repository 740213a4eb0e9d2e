"""Pages of the misure module: bandi (owned by the bandi part; mounted by misure/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
