"""Pages of the misure module: domande (owned by the domande part; mounted by misure/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
