"""The one stream block every page body in the academy is written with, and the blocks inside it."""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

# Editors write plain, accessible prose: two heading levels (the page title is the h1), lists, links.
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120, help_text="Short and plain: what the section below is about.")
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading"), ("h3", "Subheading")],
        default="h2",
        help_text="Use a section heading first; subheadings go under a section heading.",
    )

    class Meta:
        icon = "title"
        template = "cms/blocks/heading.html"
        description = "A heading that starts a section of the page."
        preview_value = {"text": "Who this is for", "level": "h2"}


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text="What the picture shows, for people who cannot see it. Required: describe, don't caption.",
    )
    caption = blocks.CharBlock(required=False, max_length=250, help_text="Optional text shown under it.")

    class Meta:
        icon = "image"
        template = "cms/blocks/figure.html"
        description = "A picture with a text alternative and an optional caption."


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(help_text="The person's own words, as they said them.")
    name = blocks.CharBlock(max_length=80, help_text="Their first name, with their permission.")
    role = blocks.CharBlock(
        required=False,
        max_length=120,
        help_text="Their job and where, such as 'Care worker, Oakfield House'.",
    )

    class Meta:
        icon = "openquote"
        template = "cms/blocks/quote.html"
        description = "Someone's own words, such as a care worker describing their day."
        preview_value = {
            "quote": "No two days are the same, and you go home knowing you made someone's day better.",
            "name": "Amina",
            "role": "Care worker",
        }


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(help_text="Address of the video (YouTube, Vimeo). It must have captions.")
    title = blocks.CharBlock(max_length=120, help_text="What the video is, shown above it.")
    transcript = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        help_text="Everything said and shown, for people who cannot watch or hear it. Required.",
    )

    class Meta:
        icon = "media"
        template = "cms/blocks/video.html"
        description = "A captioned video with its transcript."


class CalloutBlock(blocks.StructBlock):
    style = blocks.ChoiceBlock(
        choices=[("inset", "Inset: something to note"), ("warning", "Warning: something people must know")],
        default="inset",
    )
    text = blocks.TextBlock(help_text="One or two sentences.")

    class Meta:
        icon = "warning"
        template = "cms/blocks/callout.html"
        description = "A sentence set apart from the text: a note or a warning."
        preview_value = {"style": "inset", "text": "Places are free for staff of local care providers."}


class DetailsBlock(blocks.StructBlock):
    summary = blocks.CharBlock(max_length=120, help_text="The question or label people click to open it.")
    body = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "list-ul"
        template = "cms/blocks/details.html"
        description = "Extra detail that opens when clicked, such as an answer to a common question."
        preview_value = {"summary": "Who pays for the training?", "body": "<p>The council does.</p>"}


class ButtonBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=60, help_text="What happens when pressed, such as 'Book a place'.")
    page = blocks.PageChooserBlock(required=False, help_text="A page of this site…")
    url = blocks.URLBlock(required=False, help_text="…or a web address. Fill in one of the two.")

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={"url": "Choose a page or enter a web address, not both and not neither."}
            )
        return value

    class Meta:
        icon = "link"
        template = "cms/blocks/button.html"
        description = "A button that takes people somewhere."
        preview_value = {"text": "Find training", "url": "https://academy.example.org/"}


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    title = blocks.CharBlock(
        required=False, max_length=120, help_text="Link text; leave blank to use the document's title."
    )

    class Meta:
        icon = "doc-full"
        template = "cms/blocks/document.html"
        description = "A link to download a document, with its type and size."


class BodyBlock(blocks.StreamBlock):
    """The body of every page: shared so that editors learn one set of blocks."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="cms/blocks/paragraph.html",
        description="Text with headings, lists and links.",
        preview_value="<p>Our workshops are for anyone working in adult social care locally.</p>",
    )
    figure = FigureBlock()
    quote = QuoteBlock()
    video = VideoBlock()
    callout = CalloutBlock()
    details = DetailsBlock()
    button = ButtonBlock()
    document = DocumentBlock()
