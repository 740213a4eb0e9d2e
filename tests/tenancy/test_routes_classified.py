from tests.tenancy.routes import iter_routes


def test_every_route_is_classified():
    unclassified = [r.pattern for r in iter_routes() if r.classe == "unclassified"]
    assert not unclassified, (
        "Routes nobody classified (add them to PUBLIC_/PLATFORM_ in tests/tenancy/routes.py, or mount them "
        f"under /a/<ambito_slug>/): {unclassified}"
    )


def test_tenant_routes_exist_for_pages_and_api():
    routes = list(iter_routes())
    assert any(r.classe == "ambito" and not r.is_api for r in routes)
    assert any(r.classe == "ambito" and r.is_api for r in routes)
