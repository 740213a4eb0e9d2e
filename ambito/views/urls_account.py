from django.urls import include, path
from two_factor.urls import urlpatterns as tf_urls

from ambito.views import token_api

urlpatterns = [
    path("", include(tf_urls)),
    path("token-api/", token_api.token_api, name="token_api"),
    path("token-api/nuovo/", token_api.token_api_nuovo, name="token_api_nuovo"),
    path("token-api/elimina/", token_api.token_api_elimina, name="token_api_elimina"),
]
