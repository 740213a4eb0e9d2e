"""Funds pages: /a/<ambito_slug>/fondi/… (mounted by ambito/urls.py)."""

from django.urls import path

from fondi import views

app_name = "fondi"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("posizione/", views.posizione, name="posizione"),
    path("mio-comune/", views.mio_comune, name="mio_comune"),
    path("movimenti/", views.movimento_list, name="movimento_list"),
    path("assegnazioni/nuova/", views.assegnazione_create, name="assegnazione_create"),
    path("assegnazioni/<int:assegnazione_pk>/", views.assegnazione_detail, name="assegnazione_detail"),
    path("assegnazioni/<int:assegnazione_pk>/modifica/", views.assegnazione_edit, name="assegnazione_edit"),
    path("assegnazioni/<int:assegnazione_pk>/vincoli/nuovo/", views.vincolo_create, name="vincolo_create"),
    path("assegnazioni/<int:assegnazione_pk>/quote/", views.quota_create, name="quota_create"),
    path("assegnazioni/<int:assegnazione_pk>/riporto/", views.riporto_create, name="riporto_create"),
    path("assegnazioni/<int:assegnazione_pk>/riparto/", views.riparto_create, name="riparto_create"),
    path("assegnazioni/<int:assegnazione_pk>/rendiconto/", views.rendiconto_create, name="rendiconto_create"),
    path("quote/<int:quota_pk>/rimodula/", views.quota_resize, name="quota_resize"),
    path("quote/<int:quota_pk>/movimenti/nuovo/", views.movimento_create, name="movimento_create"),
    path("movimenti/<int:movimento_pk>/rettifica/", views.rettifica_create, name="rettifica_create"),
    path("riparti/<int:riparto_pk>/", views.riparto_detail, name="riparto_detail"),
    path("cofinanziamenti/", views.cofinanziamento_list, name="cofinanziamento_list"),
    path("cofinanziamenti/nuovo/", views.cofinanziamento_create, name="cofinanziamento_create"),
    path("cofinanziamenti/<int:cofinanziamento_pk>/", views.cofinanziamento_detail,
         name="cofinanziamento_detail"),
    path("quote-comunali/<int:quota_comunale_pk>/versamento/", views.versamento_create,
         name="versamento_create"),
]
