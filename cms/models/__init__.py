"""Wagtail page models for the academy's public site, one module per content area."""

from .home import HomePage, validate_link
from .news import NewsIndexPage, NewsPage
from .pathways import PathwayIndexPage, PathwayRolePage
from .resources import ResourceIndexPage, ResourceItem, ResourcePage
from .standard import StandardPage
from .taxonomy import Audience, ResourceTopic

__all__ = [
    "Audience",
    "HomePage",
    "NewsIndexPage",
    "NewsPage",
    "PathwayIndexPage",
    "PathwayRolePage",
    "ResourceIndexPage",
    "ResourceItem",
    "ResourcePage",
    "ResourceTopic",
    "StandardPage",
    "validate_link",
]
