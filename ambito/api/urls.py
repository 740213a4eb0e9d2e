from django.urls import include, path

urlpatterns = [
    path("a/<slug:ambito_slug>/", include("ambito.api.urls_ambito")),
]
