from django.urls import path

from ambito.views import home

urlpatterns = [
    path("", home.home, name="home"),
]
