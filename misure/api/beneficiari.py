"""API of the misure module: beneficiari (mounted by misure/api/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
