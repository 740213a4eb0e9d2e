"""API of the misure module: domande (mounted by misure/api/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
