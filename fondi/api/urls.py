"""Funds API: /api/v1/a/<ambito_slug>/fondi/… (mounted by ambito/urls.py)."""

from django.urls import path

from fondi.api import views

app_name = "fondi_api"

urlpatterns = [
    path("fonti/", views.FontiAPI.as_view(), name="fonti"),
    path("assegnazioni/", views.AssegnazioniAPI.as_view(), name="assegnazioni"),
    path("assegnazioni/<int:assegnazione_pk>/", views.AssegnazioneDetailAPI.as_view(),
         name="assegnazione"),
    path("assegnazioni/<int:assegnazione_pk>/quote/", views.QuoteAPI.as_view(), name="quote"),
    path("assegnazioni/<int:assegnazione_pk>/riporti/", views.RiportiAPI.as_view(), name="riporti"),
    path("assegnazioni/<int:assegnazione_pk>/riparti/", views.RipartiAPI.as_view(), name="riparti"),
    path("assegnazioni/<int:assegnazione_pk>/riparti/anteprima/", views.RipartoAnteprimaAPI.as_view(),
         name="riparto_anteprima"),
    path("assegnazioni/<int:assegnazione_pk>/rendiconto/", views.RendicontoAPI.as_view(),
         name="rendiconto"),
    path("quote/<int:quota_pk>/", views.QuotaAPI.as_view(), name="quota"),
    path("quote/<int:quota_pk>/movimenti/", views.MovimentiQuotaAPI.as_view(), name="quota_movimenti"),
    path("movimenti/", views.MovimentiAPI.as_view(), name="movimenti"),
    path("movimenti/<int:movimento_pk>/", views.MovimentoAPI.as_view(), name="movimento"),
    path("movimenti/<int:movimento_pk>/rettifiche/", views.RettificheAPI.as_view(), name="rettifiche"),
    path("riparti/<int:riparto_pk>/", views.RipartoAPI.as_view(), name="riparto"),
    path("posizione/", views.PosizioneAPI.as_view(), name="posizione"),
    path("scadenze/", views.ScadenzeAPI.as_view(), name="scadenze"),
    path("cofinanziamenti/", views.CofinanziamentiAPI.as_view(), name="cofinanziamenti"),
    path("cofinanziamenti/<int:cofinanziamento_pk>/", views.CofinanziamentoAPI.as_view(),
         name="cofinanziamento"),
    path("quote-comunali/<int:quota_comunale_pk>/versamenti/", views.VersamentiAPI.as_view(),
         name="versamenti"),
]
