"""Bundles and their files, stored in S3 and uploaded by the browser directly."""

from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "alva.catalog"
    label = "catalog"
