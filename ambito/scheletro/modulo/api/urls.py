from django.urls import path

from modulo_modello.api import views

app_name = "modulo_modello_api"

urlpatterns = [
    path("elementi/", views.ElementiAPI.as_view(), name="elementi"),
    path("elementi/<int:elemento_pk>/", views.ElementoAPI.as_view(), name="elemento"),
]
