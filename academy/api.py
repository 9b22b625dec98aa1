"""The academy's JSON API, version 1, at /api/v1/, documented by its OpenAPI schema."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Social Care Academy API",
    version="1",
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/reporting/", "reporting.api.router")
