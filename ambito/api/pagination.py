from rest_framework.pagination import PageNumberPagination


class Paginazione(PageNumberPagination):
    """Page-number pagination: ``?page=2&dimensione_pagina=100`` (max 500)."""

    page_size = 50
    page_size_query_param = "dimensione_pagina"
    max_page_size = 500
