"""Every app's router mounted on the one API object; the root URL map serves `api.urls`."""

from sanad.api.rest import authorizations, catalog, claims, payments, providers, registry
from sanad.api.rest.api import api

api.add_router("/authorizations/", authorizations.router)
api.add_router("/catalog/", catalog.router)
api.add_router("/claims/", claims.router)
api.add_router("/payments/", payments.router)
api.add_router("/providers/", providers.router)
api.add_router("/registry/", registry.router)


__all__ = ["api"]
