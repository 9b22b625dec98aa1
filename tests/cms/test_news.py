"""News and stories: newest first, stories on their own, paged, and an RSS feed."""

import datetime

from cms.models import NewsIndexPage


def test_a_new_site_has_a_news_page(client, db):
    assert NewsIndexPage.objects.get().url == "/news/"
    response = client.get("/news/")
    assert response.status_code == 200
    assert "Nothing has been published here yet." in response.text


def test_news_and_stories_are_listed_newest_first_and_stories_can_be_shown_alone(client, make_article):
    make_article("Academy opens", date=datetime.date(2026, 9, 1))
    make_article(
        "Why I stayed in care",
        kind="story",
        date=datetime.date(2026, 10, 5),
        storyteller_name="Grace",
        storyteller_role="Care worker, Tamworth",
    )
    response = client.get("/news/")
    assert [a.title for a in response.context["articles"]] == ["Why I stayed in care", "Academy opens"]
    assert "told by Grace" in response.text
    stories = client.get("/news/?kind=story")
    assert [a.title for a in stories.context["articles"]] == ["Why I stayed in care"]
    # An unknown kind shows everything rather than an error.
    assert len(client.get("/news/?kind=rumour").context["articles"]) == 2


def test_a_story_names_who_tells_it(client, make_article):
    story = make_article(
        "Why I stayed in care",
        kind="story",
        storyteller_name="Grace",
        storyteller_role="Care worker, Tamworth",
    )
    text = client.get(story.url).text
    assert "Told by Grace</strong>, Care worker, Tamworth" in text
    assert "Words." in text


def test_news_is_paged(client, make_article):
    for day in range(1, 13):
        make_article(f"Item {day:02d}", date=datetime.date(2026, 11, day))
    first = client.get("/news/")
    assert len(first.context["articles"]) == 10
    second = client.get("/news/?page=2")
    assert [a.title for a in second.context["articles"]] == ["Item 02", "Item 01"]


def test_the_feed_lists_published_articles(client, make_article):
    make_article("Academy opens", summary="Training for everyone in local care.")
    draft = make_article("Not yet")
    draft.unpublish()
    response = client.get("/news/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    assert "<title>Academy opens</title>" in response.text
    assert "Training for everyone in local care." in response.text
    assert "Not yet" not in response.text
    assert 'type="application/rss+xml"' in client.get("/news/").text
