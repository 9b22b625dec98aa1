"""The RSS feed of news and stories."""

from django.contrib.syndication.views import Feed


class NewsFeed(Feed):
    def __init__(self, *, index_page):
        super().__init__()
        self.index_page = index_page

    def title(self):
        return f"{self.index_page.title} – Social Care Academy"

    def link(self):
        return self.index_page.url

    def description(self):
        return self.index_page.introduction or "News and stories from the Social Care Academy."

    def items(self):
        return self.index_page.articles()[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at
