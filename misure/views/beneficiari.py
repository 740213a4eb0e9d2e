"""Pages of the misure module: beneficiari (owned by the beneficiari part; mounted by misure/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
