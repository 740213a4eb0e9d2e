from django.urls import path

app_name = "udos"
urlpatterns: list = []
