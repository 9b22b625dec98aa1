"""URLs of certificates: public verification, credentials, the issuer's DID and the training passport."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
