"""Demonstration content for the public site: resources in every topic, every pathway role, news and stories.

Called by `manage.py load_demo`. Running it again adds nothing that is already there.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents.models import Document

from .models import (
    Audience,
    HomePage,
    NewsIndexPage,
    NewsPage,
    PathwayIndexPage,
    PathwayRolePage,
    ResourceIndexPage,
    ResourceItem,
    ResourcePage,
    ResourceTopic,
    StandardPage,
)

# (title, kind, topics, audiences, staff only, summary, files: (title, file name or web address, contents))
RESOURCES = [
    (
        "Values-based recruitment toolkit",
        "toolkit",
        ["recruitment-and-retention"],
        ["managers", "providers"],
        False,
        "Find people with the right values, not only experience: advert wording, interview questions "
        "and scoring sheets.",
        [
            (
                "Interview questions on values",
                "values-interview-questions.txt",
                "1. Tell us about a time you helped someone keep their independence.\n"
                "2. What would you do if a colleague spoke to someone without respect?\n",
            ),
            (
                "Scoring sheet",
                "values-scoring-sheet.csv",
                "question,score 1-4,notes\nindependence,,\nrespect,,\n",
            ),
        ],
    ),
    (
        "Keeping new starters: the first 12 weeks",
        "document",
        ["recruitment-and-retention", "learning-and-development"],
        ["managers"],
        False,
        "Most people who leave care do so in their first months. A week-by-week plan for induction, "
        "buddying and check-ins.",
        [
            (
                "First 12 weeks plan",
                "first-12-weeks.txt",
                "Week 1: shadow shifts and meet your buddy.\n"
                "Week 2: Care Certificate standards 1 to 4.\nWeek 4: first supervision.\n",
            )
        ],
    ),
    (
        "Team wellbeing action plan",
        "template",
        ["wellbeing"],
        ["managers", "care-workers"],
        False,
        "A one-page plan to talk through with each person in supervision: what keeps them well at work, "
        "what gets in the way, and what will help.",
        [
            (
                "Wellbeing action plan",
                "wellbeing-action-plan.txt",
                "What helps me stay well at work:\nWhat gets in the way:\nWhat I and my manager will do:\n",
            )
        ],
    ),
    (
        "Support after a difficult shift",
        "link",
        ["wellbeing"],
        ["care-workers"],
        False,
        "Free, confidential support for care workers: helplines, text services and local groups.",
        [("Our wellbeing guide for care workers", "https://www.nhs.uk/every-mind-matters/", "")],
    ),
    (
        "Equality, diversity and inclusion strategy toolkit",
        "toolkit",
        ["equality-diversity-and-inclusion"],
        ["providers", "managers"],
        False,
        "Write an EDI strategy that fits a small provider: where to start, what data to collect and how "
        "to involve your staff and the people you support.",
        [
            (
                "EDI strategy template",
                "edi-strategy-template.txt",
                "Our commitment:\nWhere we are now:\nWhat we will do this year:\n",
            )
        ],
    ),
    (
        "Supporting staff from overseas",
        "document",
        ["equality-diversity-and-inclusion", "recruitment-and-retention"],
        ["managers"],
        False,
        "Welcoming international recruits: accommodation, banking, language support and settling in.",
        [
            (
                "Welcome checklist",
                "international-welcome-checklist.txt",
                "Before arrival:\nFirst week:\nFirst month:\n",
            )
        ],
    ),
    (
        "Disciplinary and grievance policy template",
        "policy",
        ["policies-and-templates"],
        ["managers", "providers"],
        True,
        "A fair, plain-English policy to adapt for your service, with letter templates.",
        [
            (
                "Policy template",
                "disciplinary-grievance-policy.txt",
                "1. Purpose\n2. Informal steps\n3. Formal steps\n",
            )
        ],
    ),
    (
        "Supervision record template",
        "template",
        ["policies-and-templates", "learning-and-development"],
        ["managers"],
        True,
        "Record supervision the same way every time: wellbeing, practice, training due and agreed actions.",
        [
            (
                "Supervision record",
                "supervision-record.txt",
                "Date:\nWellbeing:\nPractice:\nTraining due:\nActions:\n",
            )
        ],
    ),
    (
        "Good Employment Charter: where to start",
        "document",
        ["good-employment-charter"],
        ["providers"],
        False,
        "What the charter asks of employers, how local providers have met it, and mentors who can help.",
        [
            (
                "Charter self-assessment",
                "charter-self-assessment.csv",
                "characteristic,where we are,evidence\nsecure work,,\nflexible work,,\npay,,\n",
            )
        ],
    ),
    (
        "Good Employment Charter mentoring network",
        "link",
        ["good-employment-charter", "leadership"],
        ["providers", "managers"],
        True,
        "Meet providers who have achieved the charter standard and are happy to share how.",
        [("Join the mentoring network", "https://academy.example.org/events/", "")],
    ),
    (
        "Leading a team through change",
        "video",
        ["leadership"],
        ["managers"],
        False,
        "A registered manager talks through a year of change at her service, and what she would do again.",
        [("Watch the talk", "https://www.youtube.com/watch?v=academy-demo", "")],
    ),
    (
        "Registered manager's induction checklist",
        "template",
        ["leadership", "policies-and-templates"],
        ["managers"],
        True,
        "Everything a new registered manager needs to check in their first 90 days.",
        [("Induction checklist", "registered-manager-induction.txt", "Day 1:\nWeek 1:\nMonth 1:\nDay 90:\n")],
    ),
    (
        "Training needs analysis for your team",
        "toolkit",
        ["learning-and-development"],
        ["managers", "providers"],
        False,
        "Work out what training your team needs this year, and what the academy offers for free.",
        [("Training needs spreadsheet", "training-needs.csv", "name,role,course,due\n")],
    ),
    (
        "Apprenticeships in adult social care",
        "document",
        ["learning-and-development", "career-pathways", "funding"],
        ["care-workers", "job-seekers", "providers"],
        False,
        "Levels 2 to 5: what each apprenticeship involves, how long it takes and who pays.",
        [
            (
                "Apprenticeship guide",
                "apprenticeships-guide.txt",
                "Level 2 Adult Care Worker\nLevel 3 Lead Adult Care Worker\nLevel 5 Leader in Adult Care\n",
            )
        ],
    ),
    (
        "Your first job in care",
        "document",
        ["career-pathways", "recruitment-and-retention"],
        ["job-seekers"],
        False,
        "What the work is really like, what employers look for, and how to apply through the academy.",
        [("Guide for job seekers", "first-job-in-care.txt", "No experience? That's fine.\n")],
    ),
    (
        "Moving up: from care worker to senior",
        "video",
        ["career-pathways"],
        ["care-workers"],
        False,
        "Three senior care workers on how they took the next step, and the training that helped.",
        [("Watch the stories", "https://www.youtube.com/watch?v=academy-senior", "")],
    ),
    (
        "Workforce development funding explained",
        "document",
        ["funding"],
        ["providers", "managers"],
        False,
        "Which national and local funds pay for training, who can claim, and the dates to watch.",
        [("Funding calendar", "funding-calendar.csv", "fund,who can claim,deadline\n")],
    ),
    (
        "Claiming funding for qualifications",
        "template",
        ["funding", "policies-and-templates"],
        ["providers"],
        True,
        "A claim tracker for providers, with the evidence each fund asks for.",
        [("Claim tracker", "claim-tracker.csv", "learner,qualification,fund,claimed,paid\n")],
    ),
]

# (title, slug, stage, category, pay from, to, period, summary, quote, next role slugs)
ROLES = [
    (
        "New to care",
        "new-to-care",
        1,
        "new_to_care",
        "12.71",
        "13.20",
        "hour",
        "Your first months in care: learning the job alongside experienced colleagues while you complete "
        "the Care Certificate.",
        (
            "I'd never done care before. My buddy showed me that it's the little things: how someone likes "
            "their tea, which song makes them smile.",
            "Chloe",
            "Care worker, six months in",
        ),
        ["care-or-support-worker"],
    ),
    (
        "Care or support worker",
        "care-or-support-worker",
        1,
        "care_or_support_worker",
        "12.71",
        "14.00",
        "hour",
        "Helping people with everyday life, at home or in a care home, in the way that suits them.",
        (
            "No two days are the same. Some days it's personal care and medication, other days it's sitting "
            "with someone who's scared and just listening.",
            "Farid",
            "Home care worker, Cannock",
        ),
        ["enhanced-care-worker", "personal-assistant", "nursing-associate"],
    ),
    (
        "Personal assistant",
        "personal-assistant",
        2,
        "personal_assistant",
        "12.71",
        "15.50",
        "hour",
        "Working for a person who employs you with their direct payment, supporting the life they choose.",
        (
            "My employer decides what a good day looks like. I help make it happen: college, the gym, "
            "seeing friends.",
            "Kasia",
            "Personal assistant",
        ),
        ["enhanced-care-worker"],
    ),
    (
        "Enhanced care worker",
        "enhanced-care-worker",
        2,
        "enhanced_care_worker",
        "13.20",
        "14.80",
        "hour",
        "An experienced care worker with extra skills, such as dementia, end of life care or clinical tasks.",
        (
            "After my Level 3 I took on the dementia champion role. Now the team comes to me with ideas.",
            "Grace",
            "Senior carer, Stafford",
        ),
        ["supervisor-or-leader"],
    ),
    (
        "Supervisor or leader",
        "supervisor-or-leader",
        3,
        "supervisor_or_leader",
        "13.80",
        "16.00",
        "hour",
        "Leading shifts, supervising care workers and making sure care plans are followed and up to date.",
        (
            "Leading a shift was scary at first. Now I love seeing new starters grow in confidence.",
            "Rhys",
            "Team leader, Oakfield House",
        ),
        ["practice-leader", "deputy-manager"],
    ),
    (
        "Practice leader",
        "practice-leader",
        3,
        "practice_leader",
        "30000",
        "36000",
        "year",
        "A specialist who champions good practice across a service, such as in safeguarding or positive "
        "behaviour support.",
        (
            "I coach the team on positive behaviour support. Fewer incidents means better days for all.",
            "Priya",
            "Practice lead, supported living",
        ),
        ["deputy-manager"],
    ),
    (
        "Deputy manager",
        "deputy-manager",
        4,
        "deputy_manager",
        "30000",
        "38000",
        "year",
        "Running the service day to day with the registered manager: rotas, supervision and audits.",
        (
            "I still do the odd shift. It keeps me close to the people we support and the team.",
            "Daniel",
            "Deputy manager, Willow Lodge",
        ),
        ["registered-manager"],
    ),
    (
        "Registered manager",
        "registered-manager",
        4,
        "registered_manager",
        "38000",
        "52000",
        "year",
        "Registered with the CQC to lead a care service: its quality, its staff and its future.",
        (
            "The job is big, but so is the reward. You set the culture that everyone lives in.",
            "Esther",
            "Registered manager, Riverside Nursing Home",
        ),
        [],
    ),
    (
        "Nursing associate",
        "nursing-associate",
        5,
        "",
        "27000",
        "33000",
        "year",
        "A registered role between care workers and nurses, often reached through a two-year apprenticeship.",
        (
            "My employer funded my apprenticeship. I earned while I learned, and now I'm registered.",
            "Imogen",
            "Nursing associate, nursing home",
        ),
        ["nurse"],
    ),
    (
        "Registered nurse",
        "nurse",
        5,
        "",
        "32000",
        "45000",
        "year",
        "Leading clinical care in nursing homes and the community, with a degree or degree apprenticeship.",
        (
            "Nursing in a care home means really knowing people. You see the difference you make over years.",
            "Oluwaseun",
            "Registered nurse",
        ),
        [],
    ),
    (
        "Social worker",
        "social-worker",
        5,
        "",
        "33000",
        "44000",
        "year",
        "Working with people and families to find the support they need, with a social work degree.",
        (
            "I started as a care worker. It taught me to listen first, which is the heart of social work.",
            "Nadia",
            "Social worker, adult services",
        ),
        [],
    ),
]

NEWS = [
    (
        "Welcome to the Social Care Academy",
        "news",
        "2026-09-01",
        "",
        "",
        "One place for local care staff to train, keep their certificates and see where their career can go.",
    ),
    (
        "Oliver McGowan Tier 2 days now booking",
        "news",
        "2026-10-06",
        "",
        "",
        "Face-to-face days for care staff and managers, co-delivered by experts by experience.",
    ),
    (
        "Why I stayed in care",
        "story",
        "2026-10-20",
        "Grace",
        "Senior carer, Stafford",
        "Grace nearly left in her first year. A good manager and the right training changed her mind.",
    ),
    (
        "From school leaver to team leader in four years",
        "story",
        "2026-11-03",
        "Rhys",
        "Team leader, Oakfield House",
        "Rhys joined at 18 with no qualifications. He now leads shifts and mentors new starters.",
    ),
    (
        "Provider Excellence event: safeguarding",
        "news",
        "2026-11-10",
        "",
        "",
        "Our quarterly learning event looks at what safeguarding reviews have taught us this year.",
    ),
    (
        "Learning the job in a second language",
        "story",
        "2026-11-24",
        "Farid",
        "Home care worker, Cannock",
        "Farid came to the UK in 2024. He talks about settling in, the Care Certificate and his plans.",
    ),
]


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _document(title: str, name: str, contents: str) -> Document:
    existing = Document.objects.filter(title=title).first()
    if existing:
        return existing
    return Document.objects.create(title=title, file=ContentFile(contents.encode(), name=name))


def _load_resources() -> int:
    centre = ResourceIndexPage.objects.get()
    made = 0
    for title, kind, topics, audiences, staff_only, summary, files in RESOURCES:
        if ResourcePage.objects.filter(title=title).exists():
            continue
        page = ResourcePage(title=title, kind=kind, summary=summary, staff_only=staff_only)
        page.topics = list(ResourceTopic.objects.filter(slug__in=topics))
        page.audiences = list(Audience.objects.filter(slug__in=audiences))
        page.body = [
            ("paragraph", f"<p>{summary}</p><p>Adapt it to your service and share it with your team.</p>")
        ]
        for file_title, target, contents in files:
            if target.startswith("https://"):
                page.items.add(ResourceItem(title=file_title, url=target))
            else:
                page.items.add(
                    ResourceItem(title=file_title, document=_document(file_title, target, contents))
                )
        _publish(centre, page)
        made += 1
    return made


def _load_roles() -> int:
    pathway_map = PathwayIndexPage.objects.get()
    made = 0
    for title, slug, stage, category, pay_from, pay_to, period, summary, quote, _ in ROLES:
        if PathwayRolePage.objects.filter(slug=slug).exists():
            continue
        words, name, role = quote
        page = PathwayRolePage(
            title=title,
            slug=slug,
            stage=stage,
            category=category,
            pay_from=pay_from,
            pay_to=pay_to,
            pay_period=period,
            pay_notes="Typical locally in 2026; many employers pay more for nights, weekends and experience.",
            summary=summary,
            day_in_the_life=[
                ("quote", {"quote": words, "name": name, "role": role}),
                (
                    "paragraph",
                    "<p>Shifts are often early (7am to 3pm), late (2pm to 10pm) or nights. "
                    "Many employers offer part-time and school-hours contracts.</p>",
                ),
            ],
            entry_requirements="<p>Kindness, reliability and a wish to learn matter most. You will need a "
            "DBS check and references; employers train you and support your Care Certificate.</p>",
            qualifications="<ul><li>Care Certificate (induction)</li><li>Level 2 Diploma or apprenticeship "
            "in Adult Care</li><li>Level 3 for senior roles; Level 5 Leader in Adult Care for managers</li>"
            "</ul>",
        )
        _publish(pathway_map, page)
        made += 1
    by_slug = {page.slug: page for page in PathwayRolePage.objects.all()}
    for _, slug, *_rest, next_slugs in ROLES:
        page = by_slug[slug]
        wanted = {by_slug[s].pk for s in next_slugs if s in by_slug}
        if set(page.next_roles.values_list("pk", flat=True)) != wanted:
            page.next_roles = [by_slug[s] for s in next_slugs if s in by_slug]
            page.save_revision().publish()
    return made


def _load_news() -> int:
    index = NewsIndexPage.objects.get()
    made = 0
    for title, kind, date, name, role, summary in NEWS:
        if NewsPage.objects.filter(title=title).exists():
            continue
        body = [("paragraph", f"<p>{summary}</p>")]
        if name:
            body.append(("quote", {"quote": summary, "name": name, "role": role}))
        _publish(
            index,
            NewsPage(
                title=title,
                kind=kind,
                date=date,
                summary=summary,
                storyteller_name=name,
                storyteller_role=role,
                body=body,
            ),
        )
        made += 1
    return made


def _load_about() -> int:
    home = HomePage.objects.get()
    if StandardPage.objects.filter(slug="about").exists():
        return 0
    _publish(
        home,
        StandardPage(
            title="About the academy",
            slug="about",
            introduction="The council runs the academy with local providers, free to their staff.",
            body=[
                ("heading", {"text": "Who it is for", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Everyone working for a local care provider, people thinking of a job in "
                    "care, and the managers who lead them.</p>",
                ),
                (
                    "details",
                    {
                        "summary": "Who pays for the training?",
                        "body": "<p>The council funds the academy; places are free to local providers.</p>",
                    },
                ),
            ],
        ),
    )
    return 1


@transaction.atomic
def load_site_demo() -> dict[str, int]:
    return {
        "resources": _load_resources(),
        "roles": _load_roles(),
        "news": _load_news(),
        "pages": _load_about(),
    }
