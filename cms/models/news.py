"""News and stories: what is happening at the academy, and care workers telling their own stories."""

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import BodyBlock


class NewsKind(models.TextChoices):
    NEWS = "news", "News"
    STORY = "story", "Story"


class NewsIndexPage(RoutablePageMixin, Page):
    """The list of news and stories, newest first, with an RSS feed."""

    introduction = models.TextField(
        max_length=400, blank=True, help_text="One or two sentences under the title."
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count = 1
    page_size = 10

    class Meta:
        verbose_name = "news and stories index"

    def articles(self, kind: str = ""):
        articles = NewsPage.objects.child_of(self).live().public().order_by("-date", "-pk")
        if kind in NewsKind.values:
            articles = articles.filter(kind=kind)
        return articles.specific()

    @path("")
    def index(self, request):
        kind = request.GET.get("kind", "")
        page = Paginator(self.articles(kind), self.page_size).get_page(request.GET.get("page"))
        return self.render(
            request, context_overrides={"articles": page, "kind": kind, "kinds": NewsKind.choices}
        )

    @path("feed/")
    def feed(self, request):
        from ..feeds import NewsFeed

        return NewsFeed(index_page=self)(request)


class NewsPage(Page):
    """A news item or a story. Stories are told by care workers in their own words, with their consent."""

    kind = models.CharField(
        max_length=10,
        choices=NewsKind.choices,
        default=NewsKind.NEWS,
        help_text="News is about the academy; a story is a person telling their own experience.",
    )
    date = models.DateField(default=timezone.localdate, help_text="The date shown on the article.")
    summary = models.TextField(max_length=300, help_text="A sentence or two shown in lists and the feed.")
    storyteller_name = models.CharField(
        max_length=80, blank=True, help_text="For a story: the first name of the person telling it."
    )
    storyteller_role = models.CharField(
        max_length=120,
        blank=True,
        help_text="For a story: their job and where, such as 'Care worker, Tamworth'.",
    )
    body = StreamField(BodyBlock(), help_text="The article.")

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("storyteller_name"),
        index.FilterField("kind"),
        index.FilterField("date"),
    ]
    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("date")]),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("storyteller_name"), FieldPanel("storyteller_role")],
            heading="Who is telling the story",
            classname="collapsed",
        ),
        FieldPanel("body"),
    ]

    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "news or story"
