"""A plain content page: guidance, about pages and anything that is not a resource, role or event."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import BodyBlock


class StandardPage(Page):
    """A page of text and media written by the editors, such as 'About the academy'."""

    introduction = models.TextField(
        max_length=400,
        blank=True,
        help_text="One or two sentences under the title saying what the page is for.",
    )
    body = StreamField(BodyBlock(), blank=True, help_text="The content of the page.")

    search_fields = Page.search_fields + [index.SearchField("introduction"), index.SearchField("body")]
    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = "standard page"
