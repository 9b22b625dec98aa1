"""The topics and audiences resources are filed under: snippets the editors keep."""

from django.db import models
from wagtail.search import index


class ResourceTopic(index.Indexed, models.Model):
    """A subject the resource centre is organised by, such as wellbeing or recruitment and retention."""

    name = models.CharField(max_length=80, unique=True, help_text="As people would say it, in sentence case.")
    slug = models.SlugField(max_length=80, unique=True, help_text="Used in web addresses of filtered lists.")
    description = models.CharField(
        max_length=250, blank=True, help_text="One sentence on what resources under this topic help with."
    )
    sort_order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers are listed first.")

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "resource topic"

    def __str__(self):
        return self.name


class Audience(models.Model):
    """Who a resource is written for: care workers, managers, providers or people looking for work."""

    name = models.CharField(max_length=60, unique=True, help_text="Plural, such as 'Care workers'.")
    slug = models.SlugField(max_length=60, unique=True, help_text="Used in web addresses of filtered lists.")
    sort_order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers are listed first.")

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name
