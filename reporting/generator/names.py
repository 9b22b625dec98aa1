"""The words a generated locality is made of: people's names, districts and postcodes, provider names."""

from __future__ import annotations

FIRST_NAMES = (
    "Aisha Alex Alice Amara Amy Andrew Anita Ayesha Bartek Beata Ben Bethany Callum Carol Chloe Chidi Chris "
    "Claire Connor Craig Daniel Darren Deborah Dev Diane Dominika Eilidh Elena Ellie Emeka Emma Farah Faye "
    "Femi Gemma Gary Grace Hannah Harpreet Hayley Helen Ian Imran Isla Jack Jade Jamal James Janet Jasmine "
    "Jason Jenny Joanne John Joseph Josie Julie Karen Kasia Kate Kayleigh Kelly Kerry Kiran Kofi Laura "
    "Leah Lee Leanne Liam Linda Lisa Lucy Luke Mandy Maria Mark Marta Matthew Megan Michelle Mohammed Molly "
    "Natalie Neil Nia Nicola Nkechi Olivia Paul Paula Priya Rachel Rebecca Rhys Rob Rosa Ruth Ryan Sadia "
    "Sam Sandra Sarah Sean Shabana Sharon Simon Sophie Stacey Stephen Sue Tanya Tom Tracey Tunde Vicky "
    "Wendy Yasmin Zainab Zofia"
).split()

LAST_NAMES = (
    "Adams Ahmed Ali Allen Anderson Atkinson Bailey Baker Banks Begum Bell Bennett Brooks Brown Butler "
    "Campbell Carter Chapman Clarke Collins Cook Cooper Cox Davies Dixon Edwards Evans Fisher Fletcher "
    "Foster Gill Graham Green Griffiths Hall Harris Harrison Hill Holmes Hughes Hussain Jackson James "
    "Jenkins Johnson Jones Kaur Kelly Khan King Knight Kowalska Lee Lewis Lloyd Marshall Martin Mason "
    "Miah Mills Mitchell Moore Morgan Morris Murphy Nowak Okafor Owen Palmer Parker Patel Phillips Price "
    "Richards Roberts Robinson Rogers Russell Scott Shah Shaw Simpson Singh Smith Stevens Taylor Thomas "
    "Thompson Turner Walker Ward Watson White Wilkinson Williams Wilson Wood Wright Young"
).split()

# The districts of a county council, each with the outward codes of its postcodes.
AREAS = (
    ("Stafford", ("ST16", "ST17", "ST18")),
    ("Cannock Chase", ("WS11", "WS12")),
    ("East Staffordshire", ("DE13", "DE14")),
    ("Lichfield", ("WS13", "WS14")),
    ("Newcastle-under-Lyme", ("ST5", "ST7")),
    ("South Staffordshire", ("WV8", "ST19")),
    ("Staffordshire Moorlands", ("ST10", "ST13")),
    ("Tamworth", ("B77", "B78", "B79")),
)
# Outward codes for areas named on the command line, which have no real ones here.
OTHER_OUTWARD = ("ST1", "ST2", "ST3", "ST4", "ST6", "ST8", "ST9", "ST11", "ST12", "ST14", "ST15", "ST20")

PLACE_WORDS = (
    "Alder Ash Aspen Beech Birch Bluebell Brook Castle Cedar Chase Cherry Clover Elm Fern Field Foxglove "
    "Glen Hawthorn Hazel Heath Hill Holly Juniper Lark Laurel Lime Linden Maple Meadow Mill Oak Orchard "
    "Park Poplar River Rose Rowan Spring Swan Thorn Valley Willow Wren Yew"
).split()
PLACE_SUFFIXES = ("House", "Court", "Lodge", "Grange", "View", "Manor", "Gardens", "Place", "Hall")
PROVIDER_FORMS = {
    "residential": ("{place} {suffix}", "{place} {suffix} Care Home"),
    "nursing": ("{place} {suffix} Nursing Home", "{place} Nursing Centre"),
    "home_care": ("{place} Home Care", "{place} Care at Home", "{place} Community Care"),
    "supported_living": ("{place} Supported Living", "{place} Support Services"),
    "council": ("{area} Reablement Service", "{area} Council Care Team"),
    "other": ("{place} Day Opportunities", "{place} Shared Lives"),
}

OTHER_TRAINING_PROVIDERS = (
    "A previous employer",
    "Care Skills Partnership",
    "Midlands Training Consortium",
    "Skills for Care endorsed provider",
    "The local college",
)

FEEDBACK_COMMENTS = (
    "Really useful, the trainer knew the subject.",
    "Good examples from real services.",
    "A bit long, but I learnt things I will use.",
    "I would like more on this.",
    "Clear and well paced.",
)
