"""The academy's real programmes and courses, loaded by `manage.py load_programmes`.

The Care Certificate's 16 standards, Oliver McGowan Mandatory Training (Part 1, Tier 1, Tier 2), the
Registered Managers and Aspiring Managers Development Programme, the mandatory topics with their usual
refresher intervals, and strengths-based practice. Also the commissioner's default training
requirements. Running it again adds only what is missing; editors' changes to pages are kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from academy.models import PathwayCategory

from .models import (
    CourseCatalogPage,
    CoursePage,
    CourseTopic,
    CourseUnit,
    DeliveredBy,
    DeliveryMode,
    ProgrammeCourse,
    ProgrammePage,
    TrainingCategory,
    TrainingRequirement,
    UnitKind,
)

CARE_ROLES = [
    PathwayCategory.NEW_TO_CARE,
    PathwayCategory.CARE_OR_SUPPORT_WORKER,
    PathwayCategory.ENHANCED_CARE_WORKER,
    PathwayCategory.SUPERVISOR_OR_LEADER,
    PathwayCategory.PRACTICE_LEADER,
    PathwayCategory.PERSONAL_ASSISTANT,
    PathwayCategory.DEPUTY_MANAGER,
    PathwayCategory.REGISTERED_MANAGER,
]
SENIOR_ROLES = [
    PathwayCategory.ENHANCED_CARE_WORKER,
    PathwayCategory.SUPERVISOR_OR_LEADER,
    PathwayCategory.PRACTICE_LEADER,
    PathwayCategory.DEPUTY_MANAGER,
    PathwayCategory.REGISTERED_MANAGER,
]
EVERYONE = [*CARE_ROLES, PathwayCategory.NONE]


def q(question: str, right: str, *wrong: str, why: str = "") -> tuple:
    """A question with one right answer and its feedback."""
    return (question, right, wrong, why)


@dataclass
class Course:
    slug: str
    title: str
    summary: str
    outcomes: list[str]
    topic: str
    category: int | None
    mode: str = DeliveryMode.E_LEARNING
    minutes: int = 45
    refresher: int | None = None
    mandatory: bool = False
    self_enrol: bool = True
    questions: list[tuple] = field(default_factory=list)
    observation: str = ""  # what an assessor looks for; a workplace observation unit when set
    external: str = ""  # launch address of external e-learning
    event_slug: str = ""  # a live session unit, met by attending a session of this event
    live_title: str = ""
    prerequisites: list[str] = field(default_factory=list)
    covers: list[str] = field(default_factory=list)
    delivered_by: int = DeliveredBy.IN_HOUSE
    provider: str = ""
    required_for: list[str] = field(default_factory=list)  # default requirement by pathway category


CARE_CERTIFICATE = [
    (
        "Understand your role",
        21,
        [
            q(
                "Where do you find what you should and should not do in your job?",
                "My job description and the agreed ways of working",
                "Whatever colleagues usually do",
                "The person I support decides",
                why="Agreed ways of working are your employer's policies and procedures.",
            ),
            q(
                "A relative asks you to do a task you have not been trained for. What do you do?",
                "Explain kindly that I can't, and tell my manager",
                "Do it carefully",
                "Ask the relative to show me",
                why="Working within your role keeps people safe.",
            ),
        ],
    ),
    (
        "Your personal development",
        21,
        [
            q(
                "What is a personal development plan for?",
                "Agreeing what I will learn and how, with my manager",
                "Recording my mistakes",
                "Planning my holidays",
                why="It is reviewed in supervision.",
            ),
            q(
                "Who can give you feedback on your work?",
                "The people I support, colleagues and my manager",
                "Only my manager",
                "Nobody until my appraisal",
                why="Feedback from everyone helps you grow.",
            ),
        ],
    ),
    (
        "Duty of care",
        34,
        [
            q(
                "What does a duty of care mean?",
                "Acting in people's best interests and keeping them from harm",
                "Doing whatever the person asks",
                "Avoiding every risk",
                why="It balances rights and safety.",
            ),
            q(
                "Someone makes a complaint to you. What should you do?",
                "Listen, and follow the complaints procedure",
                "Tell them it is not your job",
                "Sort it out yourself quietly",
                why="Complaints help services improve.",
            ),
        ],
    ),
    (
        "Equality, diversity, inclusion and human rights",
        23,
        [
            q(
                "What is inclusion?",
                "Making sure everyone can take part and is valued",
                "Treating everyone exactly the same",
                "Only for people with a disability",
                why="Inclusion can mean treating people differently.",
            ),
            q(
                "You hear a colleague make a racist remark. What do you do?",
                "Challenge it if safe, and report it",
                "Ignore it",
                "Laugh it off",
                why="Discrimination must be challenged.",
            ),
        ],
    ),
    (
        "Work in a person-centred way",
        22,
        [
            q(
                "What does person-centred care put first?",
                "The person's own wishes, needs and choices",
                "The rota",
                "What is quickest",
                why="The person is the expert on their own life.",
            ),
            q(
                "Where would you find how someone likes to be supported?",
                "Their care and support plan, and by asking them",
                "The staff notice board",
                "Their GP",
                why="Plans are written with the person.",
            ),
        ],
    ),
    (
        "Communication",
        28,
        [
            q(
                "Someone who is hard of hearing is talking to you. What helps?",
                "Face them, speak clearly and check they understood",
                "Shout",
                "Talk to their relative instead",
                why="Good communication is two-way.",
            ),
            q(
                "Which of these is confidential?",
                "Someone's health information",
                "The time lunch is served",
                "The activities timetable",
                why="Share only with those who need to know.",
            ),
        ],
    ),
    (
        "Privacy and dignity",
        22,
        [
            q(
                "How do you protect someone's dignity during personal care?",
                "Close doors and curtains and ask before each step",
                "Be quick and chat to a colleague",
                "Leave the door open in case of help",
                why="Consent and privacy every time.",
            ),
            q(
                "Someone wants to do as much as they can themselves. You should:",
                "Support them to, even if it takes longer",
                "Do it for them to save time",
                "Tell them it is not safe",
                why="Independence matters to wellbeing.",
            ),
        ],
    ),
    (
        "Fluids and nutrition",
        16,
        [
            q(
                "What can be a sign of dehydration?",
                "Dark urine, headaches and confusion",
                "Being hungry",
                "A good appetite",
                why="Older people may not feel thirsty.",
            ),
            q(
                "Someone is not eating their meals. What do you do?",
                "Record it and tell my manager",
                "Nothing, they will eat tomorrow",
                "Throw the food away quietly",
                why="Changes in eating need to be reported.",
            ),
        ],
    ),
    (
        "Awareness of mental health and dementia",
        31,
        [
            q(
                "Which is true about dementia?",
                "It affects each person differently",
                "It is a normal part of ageing",
                "People with dementia cannot make any choices",
                why="Support the person, not the diagnosis.",
            ),
            q(
                "Someone seems low and withdrawn for a week. What do you do?",
                "Talk with them, record it and tell my manager",
                "Leave them alone",
                "Tell their family they are depressed",
                why="Early support makes a difference.",
            ),
        ],
    ),
    (
        "Adult safeguarding",
        20,
        [
            q(
                "You think someone is being abused. Who do you tell?",
                "My manager, following the safeguarding policy",
                "Nobody, in case I am wrong",
                "Only the person's family",
                why="Always report concerns: it is not your job to prove them.",
            ),
            q(
                "Which is a form of abuse?",
                "Financial abuse, such as taking someone's money",
                "Offering a choice of meals",
                "Helping with medication as prescribed",
                why="Abuse can be physical, emotional, financial, sexual, neglect and more.",
            ),
        ],
    ),
    (
        "Safeguarding children",
        25,
        [
            q(
                "A child visiting a resident tells you something worrying. You:",
                "Listen, don't promise secrecy, and report it at once",
                "Promise to keep it secret",
                "Ask lots of questions to find out more",
                why="Report to your manager straight away.",
            ),
            q(
                "Is safeguarding children part of your job in adult care?",
                "Yes, everyone has a duty",
                "No, only teachers",
                "Only if you are a parent",
                why="Children visit and live around the people you support.",
            ),
        ],
    ),
    (
        "Basic life support",
        7,
        [
            q(
                "Someone collapses and is not breathing normally. What first?",
                "Call 999 and start chest compressions",
                "Give them water",
                "Wait to see if they come round",
                why="Call for help and start CPR.",
            ),
            q(
                "How fast are chest compressions for an adult?",
                "100 to 120 a minute",
                "About 30 a minute",
                "As slow as possible",
                why="Push hard and fast in the centre of the chest.",
            ),
        ],
    ),
    (
        "Health and safety",
        9,
        [
            q(
                "You see a spill in a corridor. What do you do?",
                "Make it safe, clean it and warn others",
                "Walk around it",
                "Tell the next shift",
                why="Everyone is responsible for health and safety.",
            ),
            q(
                "Why is a risk assessment done?",
                "To find hazards and reduce the chance of harm",
                "To stop people doing things",
                "For the inspector only",
                why="Risk assessments support people to live the lives they choose safely.",
            ),
        ],
    ),
    (
        "Handling information",
        26,
        [
            q(
                "Where should care records be written?",
                "In the agreed system, accurately and on time",
                "On a scrap of paper",
                "In my own phone",
                why="Records must be secure and accurate.",
            ),
            q(
                "A caller says they are a relative and asks about someone's health. You:",
                "Check who they are and that the person agreed, before sharing",
                "Tell them everything",
                "Hang up",
                why="Confidentiality and consent.",
            ),
        ],
    ),
    (
        "Infection prevention and control",
        10,
        [
            q(
                "When should you wash your hands?",
                "Before and after every contact and task",
                "Only when they look dirty",
                "At the start of my shift",
                why="Hand hygiene is the most important way to stop infection spreading.",
            ),
            q(
                "What is personal protective equipment (PPE) for?",
                "Protecting me and others from infection",
                "Keeping uniforms clean",
                "Only for nurses",
                why="Use the PPE the task needs, and dispose of it safely.",
            ),
        ],
    ),
    (
        "Awareness of learning disability and autism",
        12,
        [
            q(
                "What helps a person with a learning disability understand information?",
                "Easy read, pictures and time",
                "Speaking faster",
                "Talking to their carer instead",
                why="Reasonable adjustments are a legal duty.",
            ),
            q(
                "An autistic person is distressed by a noisy room. What helps?",
                "Offer a quieter space and reduce the noise",
                "Tell them to calm down",
                "Ignore it",
                why="Sensory needs are real and differ from person to person.",
            ),
        ],
    ),
]

MANDATORY = [
    Course(
        "health-and-safety-awareness",
        "Health and safety awareness",
        "Keeping yourself, colleagues and the people you support safe at work: hazards, risk assessment and reporting.",
        [
            "Spot hazards and report them",
            "Explain what a risk assessment is for",
            "Know your and your employer's duties",
        ],
        "mandatory-training",
        9,
        refresher=36,
        mandatory=True,
        required_for=EVERYONE,
        questions=[CARE_CERTIFICATE[12][2][0], CARE_CERTIFICATE[12][2][1]],
    ),
    Course(
        "infection-prevention-and-control",
        "Infection prevention and control",
        "How infections spread and how to stop them: hand hygiene, PPE, cleaning and outbreaks.",
        ["Wash hands the right way at the right times", "Choose and use PPE", "Act in an outbreak"],
        "mandatory-training",
        10,
        refresher=12,
        mandatory=True,
        required_for=EVERYONE,
        questions=[CARE_CERTIFICATE[14][2][0], CARE_CERTIFICATE[14][2][1]],
    ),
    Course(
        "fire-safety",
        "Fire safety",
        "Preventing fires, raising the alarm, and helping people to safety, including those who cannot move themselves.",
        ["Know the fire procedure where you work", "Use the right extinguisher", "Support a safe evacuation"],
        "mandatory-training",
        6,
        refresher=12,
        mandatory=True,
        required_for=EVERYONE,
        questions=[
            q(
                "You discover a fire. What first?",
                "Raise the alarm",
                "Finish what I was doing",
                "Open the windows",
                why="Raise the alarm, then follow the procedure.",
            ),
            q(
                "What is a personal emergency evacuation plan (PEEP)?",
                "A plan for helping one person out safely",
                "The building's floor plan",
                "A fire drill timetable",
                why="Each person who needs help has their own.",
            ),
        ],
    ),
    Course(
        "moving-and-handling-objects",
        "Moving and handling objects",
        "Lifting and carrying safely so that you protect your back: loads, posture and equipment.",
        ["Assess a load before moving it", "Use a safe lifting technique", "Report faulty equipment"],
        "mandatory-training",
        45,
        refresher=12,
        mandatory=True,
        required_for=EVERYONE,
        questions=[
            q(
                "Before lifting a box, what should you do?",
                "Check its weight and plan the route",
                "Lift it quickly",
                "Twist to put it down",
                why="Think before you lift.",
            ),
            q(
                "A load is too heavy for you. You:",
                "Get help or use equipment",
                "Try anyway",
                "Drag it",
                why="Never risk an injury.",
            ),
        ],
    ),
    Course(
        "safeguarding-adults",
        "Safeguarding adults",
        "Recognising abuse and neglect, and what to do: your duty to report, and how the local safeguarding process works.",
        [
            "Recognise the types of abuse",
            "Report a concern the right way",
            "Support the person at the centre",
        ],
        "mandatory-training",
        20,
        refresher=12,
        mandatory=True,
        required_for=EVERYONE,
        questions=[CARE_CERTIFICATE[9][2][0], CARE_CERTIFICATE[9][2][1]],
    ),
    Course(
        "safeguarding-children",
        "Safeguarding children",
        "Your duty to protect children you meet through work, and how to report concerns.",
        ["Recognise signs that a child may be at risk", "Know who to tell and how"],
        "mandatory-training",
        25,
        refresher=36,
        mandatory=True,
        required_for=EVERYONE,
        questions=[CARE_CERTIFICATE[10][2][0], CARE_CERTIFICATE[10][2][1]],
    ),
    Course(
        "assisting-and-moving-people",
        "Assisting and moving people",
        "Helping people to move safely and with dignity, using hoists, slings and other equipment correctly.",
        [
            "Follow a person's moving and handling plan",
            "Use a hoist and sling safely",
            "Keep the person involved",
        ],
        "mandatory-training",
        15,
        mode=DeliveryMode.BLENDED,
        minutes=180,
        refresher=12,
        mandatory=True,
        required_for=CARE_ROLES,
        questions=[
            q(
                "Before using a hoist, you check:",
                "The person's plan, the sling size and the equipment's service date",
                "Only the battery",
                "Nothing if it worked yesterday",
                why="Every move is planned.",
            ),
            q(
                "Is dragging someone up the bed by their arms safe?",
                "No, it can cause injury",
                "Yes, if quick",
                "Yes, with two people",
                why="Use slide sheets or equipment.",
            ),
        ],
        observation="Moves a person safely following their plan, uses the equipment correctly, and explains each step to them.",
    ),
    Course(
        "basic-life-support-and-first-aid",
        "Basic life support and first aid",
        "What to do in an emergency until help arrives: CPR, choking, bleeding and the recovery position.",
        ["Give CPR", "Help someone who is choking", "Put someone in the recovery position"],
        "mandatory-training",
        7,
        mode=DeliveryMode.FACE_TO_FACE,
        minutes=180,
        refresher=12,
        mandatory=True,
        required_for=CARE_ROLES,
        delivered_by=DeliveredBy.EXTERNAL,
        provider="Accredited first aid trainer",
        questions=[CARE_CERTIFICATE[11][2][0], CARE_CERTIFICATE[11][2][1]],
    ),
    Course(
        "medication-management",
        "Medication management",
        "Supporting people with their medicines safely: the six rights, records, storage and errors.",
        ["Give medicines following the six rights", "Record on the MAR chart", "Report an error at once"],
        "mandatory-training",
        13,
        minutes=120,
        refresher=12,
        mandatory=True,
        required_for=SENIOR_ROLES,
        questions=[
            q(
                "Which is one of the rights of giving medicines?",
                "The right person",
                "The right colour",
                "The right nurse",
                why="Right person, medicine, dose, time, route and record.",
            ),
            q(
                "You give the wrong dose. What do you do?",
                "Check the person is safe and report it straight away",
                "Say nothing",
                "Give less next time",
                why="Errors are reported so the person is kept safe.",
            ),
        ],
        observation="Supports a person with their medicines following the six rights and records it correctly.",
    ),
    Course(
        "food-hygiene",
        "Food hygiene",
        "Preparing and serving food safely: storage, temperatures, cross-contamination and allergies.",
        ["Store and prepare food safely", "Prevent cross-contamination", "Know the 14 allergens"],
        "mandatory-training",
        8,
        refresher=36,
        mandatory=True,
        required_for=[PathwayCategory.CARE_OR_SUPPORT_WORKER],
        questions=[
            q(
                "Where should raw meat go in a fridge?",
                "On the bottom shelf",
                "On the top shelf",
                "Next to salad",
                why="So it cannot drip onto other food.",
            ),
            q(
                "Someone has a nut allergy. You:",
                "Check every label and keep their food separate",
                "Pick out the nuts",
                "Ask them to be careful",
                why="Allergies can kill.",
            ),
        ],
    ),
    Course(
        "mental-capacity-and-dols",
        "Mental capacity and liberty safeguards",
        "The Mental Capacity Act in everyday care: assuming capacity, best interests, and deprivation of liberty.",
        [
            "Apply the five principles of the Mental Capacity Act",
            "Support someone to make their own decision",
        ],
        "mandatory-training",
        14,
        minutes=90,
        refresher=36,
        mandatory=True,
        required_for=CARE_ROLES,
        questions=[
            q(
                "The first principle of the Mental Capacity Act is:",
                "Assume a person has capacity unless shown otherwise",
                "Assume older people lack capacity",
                "Families decide",
                why="Capacity is decision-specific.",
            ),
            q(
                "Someone makes a choice you think is unwise. Does that mean they lack capacity?",
                "No",
                "Yes",
                "Only if they are over 80",
                why="People may make unwise decisions.",
            ),
        ],
    ),
    Course(
        "dementia-awareness",
        "Dementia awareness",
        "Understanding dementia and supporting people to live well with it.",
        ["Describe common types of dementia", "Communicate with a person living with dementia"],
        "mandatory-training",
        2,
        minutes=90,
        refresher=36,
        mandatory=True,
        questions=[CARE_CERTIFICATE[8][2][0], CARE_CERTIFICATE[8][2][1]],
    ),
]

OLIVER_MCGOWAN = [
    Course(
        "oliver-mcgowan-part-1",
        "Oliver McGowan Mandatory Training: Part 1 e-learning",
        "The national e-learning on learning disability and autism that everyone does first (about 90 minutes). "
        "Complete it online, then upload your certificate or let it report to the academy.",
        ["Understand learning disability and autism", "Know the reasonable adjustments people may need"],
        "learning-disability-and-autism",
        41,
        minutes=90,
        refresher=36,
        mandatory=True,
        required_for=EVERYONE,
        external="https://www.e-lfh.org.uk/programmes/the-oliver-mcgowan-mandatory-training-on-learning-disability-and-autism/",
        delivered_by=DeliveredBy.EXTERNAL,
        provider="NHS England e-learning",
    ),
    Course(
        "oliver-mcgowan-tier-1",
        "Oliver McGowan Mandatory Training: Tier 1",
        "A one-hour live online session, co-delivered by an autistic person and a person with a learning "
        "disability, for staff who need general awareness. Only full attendance counts.",
        ["Hear from experts by experience", "Apply reasonable adjustments in your work"],
        "learning-disability-and-autism",
        42,
        mode=DeliveryMode.LIVE_ONLINE,
        minutes=60,
        refresher=36,
        mandatory=True,
        prerequisites=["oliver-mcgowan-part-1"],
        event_slug="oliver-mcgowan-tier-1",
        live_title="Attend the live online session",
        required_for=[PathwayCategory.NONE],
    ),
    Course(
        "oliver-mcgowan-tier-2",
        "Oliver McGowan Mandatory Training: Tier 2",
        "A one-day face-to-face session for staff who provide care or support, co-delivered by experts by "
        "experience. It covers Tier 1. Only full attendance counts.",
        ["Support autistic people and people with a learning disability well", "Make reasonable adjustments"],
        "learning-disability-and-autism",
        43,
        mode=DeliveryMode.FACE_TO_FACE,
        minutes=390,
        refresher=36,
        mandatory=True,
        prerequisites=["oliver-mcgowan-part-1"],
        covers=["oliver-mcgowan-tier-1"],
        event_slug="oliver-mcgowan-tier-2",
        live_title="Attend the face-to-face day",
        required_for=CARE_ROLES,
    ),
]

LEADERSHIP_MODULES = [
    "The Manager's Role",
    "Principles and Values",
    "Safeguarding",
    "Understanding Budgets",
    "Personalisation",
    "Leading Teams",
    "Equality and Diversity",
    "Performance Management",
    "Using Technology",
    "Supervision and Appraisal",
    "Evidencing Compliance",
    "Continuing Management Development",
]

STRENGTHS_BASED = Course(
    "strengths-based-practice",
    "Strengths-based practice: an introduction",
    "Working with what people can do and what matters to them, not only what they need help with.",
    ["Describe strengths-based practice", "Use a strengths-based conversation in your work"],
    "person-centred-practice",
    22,
    minutes=60,
    questions=[
        q(
            "A strengths-based conversation starts with:",
            "What matters to the person and what they can do",
            "A list of their needs",
            "Their diagnosis",
            why="It builds on the person's own strengths and networks.",
        ),
        q(
            "Who is the expert on someone's life?",
            "The person themselves",
            "Their social worker",
            "The care home",
            why="Support is built with the person.",
        ),
    ],
)


def _slugify_module(title: str) -> str:
    from django.utils.text import slugify

    return f"leadership-{slugify(title)}"


def _leadership_courses() -> list[Course]:
    return [
        Course(
            _slugify_module(title),
            f"Leadership programme: {title}",
            f"A module of the Registered Managers and Aspiring Managers Development Programme: {title.lower()}, "
            "with online learning and a cohort workshop.",
            [f"Apply {title.lower()} in leading your service", "Share practice with your cohort"],
            "leadership-and-management",
            11,
            mode=DeliveryMode.BLENDED,
            minutes=240,
            self_enrol=False,
            event_slug="leading-teams",
            live_title="Take part in the cohort workshop",
        )
        for title in LEADERSHIP_MODULES
    ]


def _care_certificate_courses() -> list[Course]:
    return [
        Course(
            f"care-certificate-standard-{number}",
            f"Care Certificate standard {number}: {name}",
            f"Standard {number} of the Care Certificate. Learn it here, then show it in practice: an assessor "
            "observes you at work and your registered manager signs it off.",
            [f"Know what standard {number} expects", "Show it in your everyday practice"],
            "care-certificate",
            category,
            mode=DeliveryMode.BLENDED,
            minutes=90,
            questions=questions,
            observation=f"Shows the practice standard {number} ({name.lower()}) expects, observed at work.",
        )
        for number, (name, category, questions) in enumerate(CARE_CERTIFICATE, start=1)
    ]


def _paragraphs(*texts: str) -> list:
    return [("paragraph", "".join(f"<p>{t}</p>" for t in texts))]


def _question_blocks(questions: list[tuple]) -> list:
    blocks = []
    for question, right, wrong, why in questions:
        answers = [{"text": right, "correct": True, "feedback": f"Right. {why}".strip()}]
        answers += [{"text": w, "correct": False, "feedback": f"Not quite. {why}".strip()} for w in wrong]
        # The right answer is not always first.
        shift = len(question) % len(answers)
        answers = answers[shift:] + answers[:shift]
        blocks.append(("question", {"question": question, "multiple": False, "answers": answers}))
    return blocks


def _units(spec: Course, event) -> list[CourseUnit]:
    units = [
        CourseUnit(
            title="What you will learn" if not spec.external else "Before you start",
            kind=UnitKind.CONTENT,
            body=_paragraphs(
                spec.summary, "Take your time. You can stop and come back: your progress is saved."
            ),
        )
    ]
    if spec.external:
        units.append(
            CourseUnit(
                title="Complete the e-learning",
                kind=UnitKind.EXTERNAL,
                launch_url=spec.external,
                accepts_evidence=True,
                body=_paragraphs(
                    "The e-learning opens on another website. When you finish, download your certificate and "
                    "upload it to the academy as training done elsewhere."
                ),
            )
        )
    if spec.questions:
        units.append(
            CourseUnit(
                title="Check your knowledge",
                kind=UnitKind.KNOWLEDGE_CHECK,
                questions=_question_blocks(spec.questions),
                pass_mark_percent=80,
                attempts_allowed=3,
            )
        )
    if spec.event_slug:
        units.append(
            CourseUnit(
                title=spec.live_title or "Attend the live session",
                kind=UnitKind.LIVE_SESSION,
                event=event,
                full_attendance_required=True,
                body=_paragraphs(
                    "Book a place on a session. It counts once the facilitator marks you as attending."
                ),
            )
        )
    if spec.observation:
        units.append(
            CourseUnit(
                title="Observed at work",
                kind=UnitKind.OBSERVATION,
                body=_paragraphs(f"What the assessor looks for: {spec.observation}"),
            )
        )
    return units


def _event(slug: str):
    if not slug:
        return None
    from cms.events.models import EventPage

    return EventPage.objects.filter(slug=slug).first()


def _course(catalogue, spec: Course, topics, categories) -> CoursePage:
    page = CoursePage.objects.filter(slug=spec.slug).first()
    event = _event(spec.event_slug)
    if page is not None:
        # Link a live session to its event once the event exists (it is made after the course).
        if event is not None:
            CourseUnit.objects.filter(page=page, kind=UnitKind.LIVE_SESSION, event__isnull=True).update(
                event=event
            )
        return page
    page = CoursePage(
        title=spec.title,
        slug=spec.slug,
        summary=spec.summary,
        learning_outcomes="<ul>" + "".join(f"<li>{o}</li>" for o in spec.outcomes) + "</ul>",
        topic=topics.get(spec.topic),
        training_category=categories.get(spec.category),
        pathway_categories=[],
        delivery_mode=spec.mode,
        duration_minutes=spec.minutes,
        mandatory=spec.mandatory,
        refresher_months=spec.refresher,
        self_enrol=spec.self_enrol,
        delivered_by=spec.delivered_by,
        provider_name=spec.provider,
    )
    for order, unit in enumerate(_units(spec, event)):
        unit.sort_order = order
        page.units.add(unit)
    catalogue.add_child(instance=page)
    page.save_revision().publish()
    return page


def _link_courses(specs: list[Course]) -> None:
    by_slug = {
        c.slug: c
        for c in CoursePage.objects.filter(
            slug__in={s.slug for s in specs} | {slug for s in specs for slug in (*s.prerequisites, *s.covers)}
        )
    }
    for spec in specs:
        page = by_slug.get(spec.slug)
        if page is None or not (spec.prerequisites or spec.covers):
            continue
        wanted_pre = {by_slug[s].pk for s in spec.prerequisites if s in by_slug}
        wanted_covers = {by_slug[s].pk for s in spec.covers if s in by_slug}
        if (
            set(page.prerequisites.values_list("pk", flat=True)) == wanted_pre
            and set(page.covers.values_list("pk", flat=True)) == wanted_covers
        ):
            continue
        page.prerequisites = [by_slug[s] for s in spec.prerequisites if s in by_slug]
        page.covers = [by_slug[s] for s in spec.covers if s in by_slug]
        page.save_revision().publish()


def _programme(catalogue, *, slug, title, summary, body, courses, cohort_based=False, self_enrol=True):
    """courses: [(course slug, pathway categories or [] for everyone)]"""
    page = ProgrammePage.objects.filter(slug=slug).first()
    if page is not None:
        return page
    page = ProgrammePage(
        title=title,
        slug=slug,
        summary=summary,
        body=_paragraphs(*body),
        cohort_based=cohort_based,
        self_enrol=self_enrol,
    )
    pages = {c.slug: c for c in CoursePage.objects.filter(slug__in=[s for s, _ in courses])}
    for order, (course_slug, categories) in enumerate(courses):
        page.programme_courses.add(
            ProgrammeCourse(course=pages[course_slug], pathway_categories=list(categories), sort_order=order)
        )
    catalogue.add_child(instance=page)
    page.save_revision().publish()
    return page


def _requirements(specs: list[Course]) -> int:
    made = 0
    pages = {c.slug: c for c in CoursePage.objects.filter(slug__in=[s.slug for s in specs])}
    for spec in specs:
        for category in spec.required_for:
            _, created = TrainingRequirement.objects.get_or_create(
                course=pages[spec.slug],
                pathway_category=category,
                organisation=None,
                job_role=None,
                defaults={"required": True},
            )
            made += created
    return made


@transaction.atomic
def load_programmes() -> dict[str, int]:
    catalogue = CourseCatalogPage.objects.get()
    topics = {t.slug: t for t in CourseTopic.objects.all()}
    categories = {c.code: c for c in TrainingCategory.objects.all()}
    before = CoursePage.objects.count(), ProgrammePage.objects.count()
    care_certificate = _care_certificate_courses()
    leadership = _leadership_courses()
    specs = [*care_certificate, *OLIVER_MCGOWAN, *MANDATORY, *leadership, STRENGTHS_BASED]
    for spec in specs:
        _course(catalogue, spec, topics, categories)
    _link_courses(specs)
    _programme(
        catalogue,
        slug="care-certificate",
        title="The Care Certificate",
        summary="The 16 standards every new care worker meets in their first weeks: learn each one, then show "
        "it in practice, observed by an assessor and signed off by your registered manager.",
        body=[
            "Most people complete the Care Certificate in about 12 weeks. Until a standard is signed off you "
            "work under supervision in that area.",
            "Done it before with another employer? Add it as training done elsewhere so you need not repeat it.",
        ],
        courses=[(c.slug, []) for c in care_certificate],
    )
    _programme(
        catalogue,
        slug="oliver-mcgowan-mandatory-training",
        title="Oliver McGowan Mandatory Training on Learning Disability and Autism",
        summary="Required by law for everyone working for a CQC-registered provider: Part 1 e-learning, then "
        "Tier 1 or Tier 2 depending on your role.",
        body=[
            "Tier 2 is for staff who provide care or support (nearly all care staff and managers); Tier 1 is for "
            "others. Tier 2 covers Tier 1. Live sessions count only when attended in full."
        ],
        courses=[
            ("oliver-mcgowan-part-1", []),
            ("oliver-mcgowan-tier-1", [PathwayCategory.NONE, PathwayCategory.UNKNOWN]),
            ("oliver-mcgowan-tier-2", CARE_ROLES),
        ],
    )
    _programme(
        catalogue,
        slug="registered-managers-development-programme",
        title="Registered Managers and Aspiring Managers Development Programme",
        summary="Twelve modules on what it takes to be an outstanding registered manager, taken with a cohort "
        "of local managers through online learning and workshops, ending with a graduation.",
        body=[
            "For registered managers and those working towards the role. Your manager or the academy team "
            "enrols you with a cohort. The recognised qualification beyond it is the Level 5 Diploma in "
            "Leadership and Management for Adult Care."
        ],
        courses=[(c.slug, []) for c in leadership],
        cohort_based=True,
        self_enrol=False,
    )
    requirements = _requirements([*MANDATORY, *OLIVER_MCGOWAN])
    after = CoursePage.objects.count(), ProgrammePage.objects.count()
    return {"courses": after[0] - before[0], "programmes": after[1] - before[1], "requirements": requirements}
