"""The xAPI statement validator: what it accepts, what it rejects, and that each rejection names its place.

The cases follow the xAPI 1.0.3 and 2.0.0 (IEEE 9274.1.1) Data specifications and the ADL LRS conformance
test suite's statement cases. No database is needed.
"""

import copy
import datetime

import pytest

from lrs.xapi.validation import (
    SUPPORTED_VERSIONS,
    XAPIValidationError,
    agent_key,
    is_duration,
    is_iri,
    is_language_tag,
    parse_timestamp,
    validate_agent,
    validate_statement,
)

V1 = "1.0.3"
V2 = "2.0.0"
BOTH = (V1, V2)
DELETE = object()

UUID = "fd41c918-b88b-4b20-a0a5-a4c32391aaa0"
AGENT = {"objectType": "Agent", "name": "Ada Lovelace", "mbox": "mailto:ada@example.com"}
AGENT_2 = {"mbox": "mailto:bob@example.com"}
ACCOUNT_AGENT = {"account": {"homePage": "https://academy.example.org", "name": "user-42"}}
ANONYMOUS_GROUP = {"objectType": "Group", "name": "Team A", "member": [AGENT, AGENT_2]}
IDENTIFIED_GROUP = {"objectType": "Group", "mbox": "mailto:team@example.com"}
VERB = {"id": "http://adlnet.gov/expapi/verbs/attempted", "display": {"en-US": "attempted"}}
ACTIVITY = {
    "objectType": "Activity",
    "id": "http://www.example.com/meetings/occurances/34534",
    "definition": {
        "name": {"en-GB": "example meeting", "en-US": "example meeting"},
        "description": {"en-US": "An example meeting."},
        "type": "http://adlnet.gov/expapi/activities/meeting",
        "moreInfo": "http://virtualmeeting.example.com/345256",
        "extensions": {"http://example.com/profiles/meetings/extension/location": "X:\\meetings\\one"},
    },
}
STATEMENT_REF = {"objectType": "StatementRef", "id": UUID}
ATTACHMENT = {
    "usageType": "http://example.com/attachment-usage/test",
    "display": {"en-US": "A test attachment"},
    "description": {"en-US": "A test attachment (description)"},
    "contentType": "text/plain; charset=ascii",
    "length": 27,
    "sha2": "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a",
    "fileUrl": "http://over.there.com/file.txt",
}
RESULT = {
    "score": {"scaled": 0.95, "raw": 95, "min": 0, "max": 100},
    "success": True,
    "completion": True,
    "response": "We agreed on some example actions.",
    "duration": "PT1H0M0S",
    "extensions": {"http://example.com/profiles/meetings/resultextensions/minuteslocation": None},
}
CONTEXT = {
    "registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7",
    "instructor": {"name": "Andrew Downes", "mbox": "mailto:andrew@example.com"},
    "team": ANONYMOUS_GROUP,
    "contextActivities": {
        "parent": {"id": "http://www.example.com/meetings/series/267"},
        "category": [
            {"id": "http://www.example.com/meetingcategories/teammeeting", "objectType": "Activity"}
        ],
        "other": [{"id": "http://www.example.com/meetings/occurances/34257"}],
    },
    "revision": "1",
    "platform": "Example virtual meeting software",
    "language": "tlh",
    "statement": STATEMENT_REF,
    "extensions": {"http://example.com/profiles/meetings/contextextensions/airspeed": "600mph"},
}
SUBSTATEMENT = {
    "objectType": "SubStatement",
    "actor": AGENT_2,
    "verb": {"id": "http://example.com/visited", "display": {"en-US": "will visit"}},
    "object": {"id": "http://example.com/website", "definition": {"name": {"en-US": "Some Awesome Website"}}},
    "timestamp": "2030-01-01T00:00:00Z",
}


def statement(**properties):
    """A minimal valid statement, with properties replaced (or removed with DELETE)."""
    result = {"actor": copy.deepcopy(AGENT), "verb": copy.deepcopy(VERB), "object": copy.deepcopy(ACTIVITY)}
    for key, value in properties.items():
        if value is DELETE:
            result.pop(key, None)
        else:
            result[key] = copy.deepcopy(value)
    return result


def changed(document, *changes):
    """A deep copy of ``document`` with each ``(dotted.path, value)`` set (DELETE removes it)."""
    document = copy.deepcopy(document)
    for dotted, value in changes:
        *parents, last = dotted.split(".")
        target = document
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if isinstance(target, list):
            target[int(last)] = value
        elif value is DELETE:
            del target[last]
        else:
            target[last] = copy.deepcopy(value)
    return document


def _with(document: dict, **properties) -> dict:
    for key, value in properties.items():
        if value is DELETE:
            document.pop(key, None)
        else:
            document[key] = copy.deepcopy(value)
    return document


def context(**properties):
    """A statement whose full context has these properties replaced."""
    return statement(context=_with(copy.deepcopy(CONTEXT), **properties))


def result(**properties):
    """A statement whose full result has these properties replaced."""
    return statement(result=_with(copy.deepcopy(RESULT), **properties))


def sub(**properties):
    """A statement whose object is a SubStatement with these properties replaced."""
    return statement(object=_with(copy.deepcopy(SUBSTATEMENT), **properties))


def definition(**properties):
    """A statement whose Activity object has exactly this definition."""
    return statement(object={"id": "http://example.com/activities/q1", "definition": properties})


def attachment(**properties):
    """A statement with one attachment, with these properties replaced."""
    return statement(attachments=[_with(copy.deepcopy(ATTACHMENT), **properties)])


BASE = statement()
FULL = statement(
    id=UUID,
    result=RESULT,
    context=CONTEXT,
    timestamp="2013-05-18T05:32:34.804+00:00",
    stored="2013-05-18T05:32:34.804Z",
    authority={"objectType": "Agent", "account": {"homePage": "http://lrs.example.com", "name": "client"}},
    version="1.0.0",
    attachments=[ATTACHMENT],
)
WITH_SUB = statement(object=SUBSTATEMENT)
WITH_CONTEXT = statement(context=CONTEXT)
WITH_RESULT = statement(result=RESULT)
WITH_ATTACHMENT = statement(attachments=[ATTACHMENT])

# A statement as Articulate Storyline / a cmi5 AU sends it: account actor, cmi5 context, interaction object.
CMI5_STATEMENT = {
    "id": "2a41c918-b88b-4b20-a0a5-a4c32391aaa1",
    "timestamp": "2024-03-05T10:15:30.123Z",
    "actor": {
        "objectType": "Agent",
        "name": "Jo Carer",
        "account": {
            "homePage": "https://academy.example.org",
            "name": "7f3c9a52-1d0e-4c55-9a11-2b6f0b0f4e21",
        },
    },
    "verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered"}},
    "object": {
        "objectType": "Activity",
        "id": "https://academy.example.org/courses/moving-and-handling/au/1/quiz/q3",
        "definition": {
            "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
            "name": {"und": "Which aid should be used first?"},
            "description": {"und": "Which aid should be used first?"},
            "interactionType": "choice",
            "correctResponsesPattern": ["choice_2"],
            "choices": [
                {"id": "choice_1", "description": {"und": "Hoist"}},
                {"id": "choice_2", "description": {"und": "Slide sheet"}},
                {"id": "choice_3", "description": {"und": "Lift by hand"}},
            ],
        },
    },
    "result": {
        "success": True,
        "response": "choice_2",
        "duration": "PT12.34S",
        "score": {"scaled": 1, "raw": 10, "min": 0, "max": 10},
        "extensions": {"https://w3id.org/xapi/cmi5/result/extensions/progress": 60},
    },
    "context": {
        "registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7",
        "language": "en-GB",
        "contextActivities": {
            "parent": [
                {
                    "id": "https://academy.example.org/courses/moving-and-handling/au/1",
                    "objectType": "Activity",
                }
            ],
            "grouping": [
                {"id": "https://academy.example.org/courses/moving-and-handling", "objectType": "Activity"}
            ],
            "category": [
                {
                    "id": "https://w3id.org/xapi/cmi5/context/categories/cmi5",
                    "definition": {"type": "http://adlnet.gov/expapi/activities/profile"},
                },
                {"id": "http://id.tincanapi.com/activity/software/storyline/3.84"},
            ],
        },
        "extensions": {
            "https://w3id.org/xapi/cmi5/context/extensions/sessionid": "458240298378231",
            "https://w3id.org/xapi/cmi5/context/extensions/masteryscore": 0.8,
        },
    },
    "version": "1.0.0",
}


def assert_rejected(document, version, expected_path, **kwargs):
    with pytest.raises(XAPIValidationError) as caught:
        validate_statement(document, version=version, **kwargs)
    message = str(caught.value)
    assert message.startswith(expected_path + ": "), message
    assert caught.value.path == expected_path
    return message


# ---------------------------------------------------------------------------------------------------------
# Valid statements
# ---------------------------------------------------------------------------------------------------------

VALID = [
    ("minimal", BASE, BOTH),
    ("full", FULL, BOTH),
    ("cmi5 articulate", CMI5_STATEMENT, BOTH),
    ("actor without objectType", statement(actor={"mbox": "mailto:a@example.com"}), BOTH),
    (
        "actor mbox_sha1sum",
        statement(actor={"mbox_sha1sum": "CD9B00A5611F94EAA7B1661EDAB976068E364975"}),
        BOTH,
    ),
    ("actor openid", statement(actor={"openid": "http://openid.example.org/12345"}), BOTH),
    ("actor account", statement(actor=ACCOUNT_AGENT), BOTH),
    ("actor anonymous group", statement(actor=ANONYMOUS_GROUP), BOTH),
    ("actor identified group without members", statement(actor=IDENTIFIED_GROUP), BOTH),
    ("actor identified group with members", statement(actor=dict(IDENTIFIED_GROUP, member=[AGENT])), BOTH),
    ("actor identified group, empty member", statement(actor=dict(IDENTIFIED_GROUP, member=[])), BOTH),
    ("verb without display", statement(verb={"id": "http://example.com/verbs/did"}), BOTH),
    ("object activity without objectType", statement(object={"id": "http://example.com/a"}), BOTH),
    (
        "object activity urn id",
        statement(object={"id": "urn:uuid:fd41c918-b88b-4b20-a0a5-a4c32391aaa0"}),
        BOTH,
    ),
    ("object activity unicode iri", statement(object={"id": "https://例え.jp/パス?q=値#frag"}), BOTH),
    ("object agent", statement(object=AGENT), BOTH),
    ("object group", statement(object=ANONYMOUS_GROUP), BOTH),
    ("object statementref", statement(object=STATEMENT_REF), BOTH),
    ("object statementref uppercase uuid", statement(object=dict(STATEMENT_REF, id=UUID.upper())), BOTH),
    ("object substatement", WITH_SUB, BOTH),
    (
        "substatement with context and result",
        changed(WITH_SUB, ("object.context", CONTEXT), ("object.result", RESULT)),
        BOTH,
    ),
    ("substatement statementref object", sub(object=STATEMENT_REF), BOTH),
    ("substatement agent object", sub(object=AGENT), BOTH),
    ("substatement with attachments", sub(attachments=[ATTACHMENT]), BOTH),
    (
        "voiding statement",
        statement(verb={"id": "http://adlnet.gov/expapi/verbs/voided"}, object=STATEMENT_REF),
        BOTH,
    ),
    ("uppercase id", statement(id=UUID.upper()), BOTH),
    ("nil uuid id", statement(id="00000000-0000-0000-0000-000000000000"), BOTH),
    (
        "extension value null",
        changed(BASE, ("object.definition.extensions", {"http://example.com/null": None})),
        BOTH,
    ),
    ("extension value object", result(extensions={"http://example.com/ex": {"k": [1, None]}}), BOTH),
    ("empty extensions", context(extensions={}), BOTH),
    ("empty definition", definition(), BOTH),
    ("context activities single objects", context(contextActivities={"grouping": ACTIVITY}), BOTH),
    ("context activities arrays", context(contextActivities={"other": [ACTIVITY, ACTIVITY]}), BOTH),
    ("context instructor group", context(instructor=ANONYMOUS_GROUP), BOTH),
    ("context team identified group", context(team=IDENTIFIED_GROUP), BOTH),
    ("context language grandfathered", context(language="i-enochian"), BOTH),
    ("context language cmn", context(language="cmn"), BOTH),
    (
        "context with agent object and no revision",
        statement(object=AGENT, context={"registration": UUID}),
        BOTH,
    ),
    ("score scaled -1", result(score={"scaled": -1.0}), BOTH),
    ("score scaled 1", result(score={"scaled": 1}), BOTH),
    ("score raw only", result(score={"raw": -12345.678}), BOTH),
    ("score raw equal to max", result(score={"raw": 10, "min": 1, "max": 10}), BOTH),
    ("score float precision", result(score={"min": 0.12123434, "raw": 12.125, "max": 45.45}), BOTH),
    ("empty result", statement(result={}), BOTH),
    ("duration weeks", result(duration="P4W"), BOTH),
    ("duration seconds only", result(duration="PT16559.14S"), BOTH),
    ("duration all parts", result(duration="P3Y1M29DT4H35M59.14S"), BOTH),
    ("timestamp future", statement(timestamp="2099-12-31T23:59:59.999Z"), BOTH),
    ("timestamp offset", statement(timestamp="2008-09-15T15:53:00.601+05:30"), BOTH),
    ("timestamp no zone 1.0", statement(timestamp="2008-09-15T15:53:00"), (V1,)),
    ("timestamp basic 1.0", statement(timestamp="20080915T155300Z"), (V1,)),
    ("timestamp no seconds 1.0", statement(timestamp="2008-09-15T15:53Z"), (V1,)),
    ("timestamp space rfc3339 2.0", statement(timestamp="2008-09-15 15:53:00.601+00:00"), (V2,)),
    ("timestamp lowercase rfc3339 2.0", statement(timestamp="2008-09-15t15:53:00z"), (V2,)),
    ("version 1.0", statement(version="1.0"), BOTH),
    ("version 1.0.9", statement(version="1.0.9"), BOTH),
    ("version 2.0.0", statement(version="2.0.0"), (V2,)),
    (
        "authority anonymous group of two",
        statement(authority={"objectType": "Group", "member": [ACCOUNT_AGENT, AGENT]}),
        BOTH,
    ),
    ("attachment without fileUrl", attachment(fileUrl=DELETE), BOTH),
    ("attachment sha512", attachment(sha2="a" * 128), BOTH),
    ("attachment zero length", attachment(length=0), BOTH),
    (
        "signature attachment",
        attachment(
            usageType="http://adlnet.gov/expapi/attachments/signature", contentType="application/octet-stream"
        ),
        BOTH,
    ),
    ("language map private use", changed(BASE, ("verb.display", {"x-whatever": "did"})), BOTH),
    (
        "language map many tags",
        changed(BASE, ("verb.display", {"zh-cmn-Hans-CN": "a", "sr-Latn-RS": "b", "de-CH-1901": "c"})),
        BOTH,
    ),
    (
        "interaction likert",
        definition(
            interactionType="likert",
            correctResponsesPattern=["likert_3"],
            scale=[{"id": "likert_0"}, {"id": "likert_3"}],
        ),
        BOTH,
    ),
    (
        "interaction matching",
        definition(
            interactionType="matching",
            correctResponsesPattern=["1[.]a[,]2[.]b"],
            source=[{"id": "1", "description": {"en-US": "one"}}, {"id": "2"}],
            target=[{"id": "a"}, {"id": "b"}],
        ),
        BOTH,
    ),
    ("interaction performance", definition(interactionType="performance", steps=[{"id": "s1"}]), BOTH),
    ("interaction sequencing", definition(interactionType="sequencing", choices=[{"id": "a"}]), BOTH),
    (
        "interaction true-false",
        definition(interactionType="true-false", correctResponsesPattern=["true"]),
        BOTH,
    ),
    ("interaction numeric", definition(interactionType="numeric", correctResponsesPattern=["4[:]"]), BOTH),
    ("interaction other, no pattern", definition(interactionType="other"), BOTH),
    (
        "interaction fill-in empty pattern",
        definition(interactionType="fill-in", correctResponsesPattern=[]),
        BOTH,
    ),
    (
        "context agents and groups 2.0",
        changed(
            WITH_CONTEXT,
            (
                "context.contextAgents",
                [
                    {
                        "objectType": "contextAgent",
                        "agent": AGENT,
                        "relevantTypes": ["https://example.com/types/player"],
                    }
                ],
            ),
            (
                "context.contextGroups",
                [{"objectType": "contextGroup", "group": dict(IDENTIFIED_GROUP, member=[AGENT])}],
            ),
        ),
        (V2,),
    ),
    (
        "context agents in substatement 2.0",
        sub(context={"contextAgents": [{"objectType": "contextAgent", "agent": AGENT_2}]}),
        (V2,),
    ),
]


@pytest.mark.parametrize(
    ("document", "version"),
    [
        pytest.param(document, version, id=f"{name} [{version}]")
        for name, document, versions in VALID
        for version in versions
    ],
)
def test_valid_statements_pass(document, version):
    original = copy.deepcopy(document)
    validate_statement(document, version=version)
    assert document == original  # validation never changes the statement


# ---------------------------------------------------------------------------------------------------------
# Invalid statements, each listed with the place the error must name
# ---------------------------------------------------------------------------------------------------------

# Rejected under both versions' rules: (where the error must point, relative to "statement"; the statement).
REJECTED = [
    # The statement itself
    ("", ["actor"]),
    ("", None),
    ("actor", statement(actor=DELETE)),
    ("verb", statement(verb=DELETE)),
    ("object", statement(object=DELETE)),
    ("foo", statement(foo="bar")),
    ("objectType", statement(objectType="Statement")),
    ("iD", statement(iD=UUID)),
    ("Actor", changed(BASE, ("Actor", AGENT))),
    ("veRb", changed(BASE, ("veRb", VERB))),
    ("oBject", changed(BASE, ("oBject", ACTIVITY))),
    ("RESULT", statement(RESULT=RESULT)),
    ("conText", statement(conText=CONTEXT)),
    ("timeStamp", statement(timeStamp="2013-05-18T05:32:34.804Z")),
    ("STOred", statement(STOred="2013-05-18T05:32:34.804Z")),
    ("auTHORity", statement(auTHORity=AGENT)),
    ("Version", statement(Version="1.0.3")),
    ("attachmentS", statement(attachmentS=[ATTACHMENT])),
    ("result", statement(result=None)),
    # id
    ("id", statement(id=12345)),
    ("id", statement(id={"key": "should fail"})),
    ("id", statement(id="AA97B177-9383-4934-8543-0F91A7A028368")),
    ("id", statement(id="MA97B177-9383-4934-8543-0F91A7A02836")),
    ("id", statement(id=UUID.replace("-", ""))),
    ("id", statement(id="{" + UUID + "}")),
    ("id", statement(id="")),
    ("id", statement(id=UUID + "\n")),
    # actor
    ("actor", statement(actor="mailto:a@example.com")),
    ("actor", statement(actor={"name": "Nobody"})),
    ("actor", statement(actor=dict(AGENT, openid="http://openid.example.org/1"))),
    ("actor.objectType", changed(BASE, ("actor.objectType", 123))),
    ("actor.objectType", changed(BASE, ("actor.objectType", {"key": "value"}))),
    ("actor.objectType", changed(BASE, ("actor.objectType", "agent"))),
    ("actor.objectType", changed(BASE, ("actor.objectType", '"objectType": "Agent"'))),
    ("actor.objectType", changed(BASE, ("actor.objectType", None))),
    ("actor.name", changed(BASE, ("actor.name", None))),
    ("actor.name", changed(BASE, ("actor.name", 123))),
    ("actor.name", changed(BASE, ("actor.name", {"key": "value"}))),
    ("actor.email", changed(BASE, ("actor.email", "a@example.com"))),
    ("actor.member", changed(BASE, ("actor.member", [AGENT_2]))),
    ("actor.mbox", changed(BASE, ("actor.mbox", "http://should.fail.com"))),
    ("actor.mbox", changed(BASE, ("actor.mbox", "mailto:should.fail.com"))),
    ("actor.mbox", changed(BASE, ("actor.mbox", "ada@example.com"))),
    ("actor.mbox", changed(BASE, ("actor.mbox", "MAILTO:ada@example.com"))),
    ("actor.mbox", changed(BASE, ("actor.mbox", "mailto:ada lovelace@example.com"))),
    ("actor.mbox", changed(BASE, ("actor.mbox", ""))),
    ("actor.mbox_sha1sum", statement(actor={"mbox_sha1sum": {"key": "value"}})),
    ("actor.mbox_sha1sum", statement(actor={"mbox_sha1sum": "cd9b00a5611f94eaa7b1661edab976068e36497"})),
    ("actor.mbox_sha1sum", statement(actor={"mbox_sha1sum": "zd9b00a5611f94eaa7b1661edab976068e364975"})),
    ("actor.openid", statement(actor={"openid": "ab=c://should.fail.com"})),
    ("actor.openid", statement(actor={"openid": "open.id.com/testUser"})),
    ("actor.account.name", statement(actor={"account": {"homePage": "http://example.com"}})),
    ("actor.account.homePage", statement(actor={"account": {"name": "x"}})),
    (
        "actor.account.name",
        statement(actor={"account": {"homePage": "http://example.com", "name": {"key": "v"}}}),
    ),
    (
        "actor.account.homePage",
        statement(actor={"account": {"homePage": "homePage.com/testUser", "name": "1"}}),
    ),
    (
        "actor.account.homePage",
        statement(actor={"account": {"homePage": "ab=c://should.fail.com", "name": "1"}}),
    ),
    ("actor.account.id", statement(actor={"account": {"homePage": "http://e.com", "name": "1", "id": 2}})),
    ("actor.account.homepage", statement(actor={"account": {"homepage": "http://e.com", "name": "1"}})),
    ("actor.account", statement(actor={"account": "user-42"})),
    # groups
    ("actor.member", statement(actor={"objectType": "Group", "name": "x"})),
    ("actor.member", statement(actor={"objectType": "Group", "member": []})),
    ("actor.member", statement(actor={"objectType": "Group", "member": AGENT})),
    ("actor.member[0]", statement(actor={"objectType": "Group", "member": [IDENTIFIED_GROUP]})),
    ("actor.member[1]", statement(actor={"objectType": "Group", "member": [AGENT, {"name": "x"}]})),
    (
        "actor.member[0].mbox",
        statement(actor={"objectType": "Group", "member": [{"mbox": "bob@example.com"}]}),
    ),
    ("actor.objectType", statement(actor={"member": [AGENT]})),
    ("actor", statement(actor=dict(IDENTIFIED_GROUP, account={"homePage": "http://e.com", "name": "t"}))),
    ("actor.openid", statement(actor={"objectType": "Group", "openid": "ab=c://should.fail.com"})),
    (
        "actor.account.name",
        statement(actor={"objectType": "Group", "account": {"homePage": "http://e.com", "name": {}}}),
    ),
    # verb
    ("verb", statement(verb="http://example.com/verbs/did")),
    ("verb.id", statement(verb={"display": {"en-US": "did"}})),
    ("verb.id", changed(BASE, ("verb.id", "adlnet.gov/expapi/verbs/attempted"))),
    ("verb.id", changed(BASE, ("verb.id", "http://example.com/my verb"))),
    ("verb.id", changed(BASE, ("verb.id", ""))),
    ("verb.display", changed(BASE, ("verb.display", "attempted"))),
    ("verb.display", changed(BASE, ("verb.display", {}))),
    ("verb.display['en-US']", changed(BASE, ("verb.display", {"en-US": None}))),
    ("verb.display['en-US']", changed(BASE, ("verb.display", {"en-US": 1}))),
    ("verb.display", changed(BASE, ("verb.display", {"de-419-DE": "besucht"}))),
    ("verb.display", changed(BASE, ("verb.display", {"a-DE": "x"}))),
    ("verb.display", changed(BASE, ("verb.display", {"ar-a-aaa-b-bbb-a-ccc": "x"}))),
    ("verb.display", changed(BASE, ("verb.display", {"something": "x"}))),
    ("verb.display", changed(BASE, ("verb.display", {"a12345": "x"}))),
    ("verb.name", changed(BASE, ("verb.name", "did"))),
    # object: activity
    ("object", statement(object="http://example.com/a")),
    ("object.id", statement(object={"objectType": "Activity"})),
    ("object.id", changed(BASE, ("object.id", "ab=c://should.fail.com"))),
    ("object.id", changed(BASE, ("object.id", "www.example.com/meetings/34534"))),
    ("object.id", changed(BASE, ("object.id", "http://example.com/a%2"))),
    ("object.id", changed(BASE, ("object.id", "http://example.com/a#b#c"))),
    ("object.id", changed(BASE, ("object.id", 34534))),
    ("object.objectType", changed(BASE, ("object.objectType", "activity"))),
    ("object.objectType", changed(BASE, ("object.objectType", "Thing"))),
    ("object.name", changed(BASE, ("object.name", "x"))),
    ("object.definition", changed(BASE, ("object.definition", "should error"))),
    ("object.definition.title", changed(BASE, ("object.definition.title", {"en": "x"}))),
    ("object.definition.moreInfo", changed(BASE, ("object.definition.moreInfo", None))),
    ("object.definition.moreInfo", changed(BASE, ("object.definition.moreInfo", "should error"))),
    ("object.definition.type", changed(BASE, ("object.definition.type", "meeting"))),
    ("object.definition.name", changed(BASE, ("object.definition.name", "meeting"))),
    ("object.definition.name", changed(BASE, ("object.definition.name", 12345))),
    ("object.definition.name", changed(BASE, ("object.definition.name", {}))),
    ("object.definition.name", changed(BASE, ("object.definition.name", {"de-419-DE": "x"}))),
    ("object.definition.description", changed(BASE, ("object.definition.description", {"en US": "x"}))),
    ("object.definition.extensions", changed(BASE, ("object.definition.extensions", "should error"))),
    ("object.definition.extensions", changed(BASE, ("object.definition.extensions", {"id": "valid"}))),
    (
        "object.definition.extensions",
        changed(BASE, ("object.definition.extensions", {"not.valid.com/extension": 1})),
    ),
    # interactions
    ("object.definition.interactionType", changed(BASE, ("object.definition.interactionType", "true-faLse"))),
    ("object.definition.interactionType", changed(BASE, ("object.definition.interactionType", "Other"))),
    (
        "object.definition.interactionType",
        changed(BASE, ("object.definition.interactionType", "http://example.com/choice")),
    ),
    ("object.definition.interactionType", changed(BASE, ("object.definition.interactionType", 1))),
    (
        "object.definition.interactionType",
        changed(BASE, ("object.definition.interactionType", {"key": "choice"})),
    ),
    (
        "object.definition.interactionType",
        changed(BASE, ("object.definition.correctResponsesPattern", ["a"])),
    ),
    ("object.definition.interactionType", changed(BASE, ("object.definition.choices", [{"id": "a"}]))),
    ("object.definition.interactionType", changed(BASE, ("object.definition.scale", [{"id": "a"}]))),
    (
        "object.definition.correctResponsesPattern",
        definition(interactionType="numeric", correctResponsesPattern={"test": "v"}),
    ),
    (
        "object.definition.correctResponsesPattern[0]",
        definition(interactionType="numeric", correctResponsesPattern=[12345]),
    ),
    ("object.definition.scale", definition(interactionType="performance", scale=[{"id": "a"}])),
    ("object.definition.choices", definition(interactionType="likert", choices=[{"id": "a"}])),
    ("object.definition.steps", definition(interactionType="true-false", steps=[{"id": "a"}])),
    ("object.definition.choices", definition(interactionType="choice", choices={"id": "a"})),
    ("object.definition.choices[0]", definition(interactionType="choice", choices=["a"])),
    (
        "object.definition.scale[0].id",
        definition(interactionType="likert", scale=[{"description": {"en-US": "v"}}]),
    ),
    (
        "object.definition.source[0].id",
        definition(interactionType="matching", source=[{"id": {"test": "v"}}]),
    ),
    (
        "object.definition.target[0].description",
        definition(interactionType="matching", target=[{"id": "a", "description": "x"}]),
    ),
    (
        "object.definition.choices[0].description",
        definition(interactionType="sequencing", choices=[{"id": "a", "description": {"test": "v"}}]),
    ),
    (
        "object.definition.steps[1].id",
        definition(interactionType="performance", steps=[{"id": "valid"}, {"id": "valid"}]),
    ),
    (
        "object.definition.choices[0].name",
        definition(interactionType="choice", choices=[{"id": "a", "name": "b"}]),
    ),
    # object: agent, group, statementref, substatement
    ("object.objectType", statement(object={"mbox": "mailto:a@example.com"})),
    ("object.objectType", statement(object={"member": [AGENT]})),
    ("object.mbox", statement(object={"objectType": "Agent", "mbox": "http://should.fail.com"})),
    ("object", statement(object={"objectType": "Agent", "name": "x"})),
    ("object.member", statement(object={"objectType": "Group"})),
    ("object.id", statement(object={"objectType": "StatementRef"})),
    ("object.id", statement(object={"objectType": "StatementRef", "id": "should fail"})),
    ("object.id", statement(object={"objectType": "StatementRef", "id": 12345})),
    ("object.objectType", statement(object={"objectType": "statementref", "id": UUID})),
    ("object.definition", statement(object=dict(STATEMENT_REF, definition={}))),
    ("object.objectType", sub(objectType="substatement")),
    ("object.id", sub(id=UUID)),
    ("object.stored", sub(stored="2013-05-18T05:32:34.804Z")),
    ("object.version", sub(version="1.0.0")),
    ("object.authority", sub(authority=AGENT)),
    ("object.actor", sub(actor=DELETE)),
    ("object.verb", sub(verb=DELETE)),
    ("object.object", sub(object=DELETE)),
    ("object.object.objectType", sub(object=SUBSTATEMENT)),
    ("object.actor", sub(actor={"name": "x"})),
    ("object.verb.display", changed(WITH_SUB, ("object.verb.display", {"de-419-DE": "besucht"}))),
    ("object.timestamp", sub(timestamp="01/011/2015")),
    ("object.timestamp", sub(timestamp="2008-09-15T15:53:00.601-00:00")),
    (
        "object.object.definition.extensions",
        changed(WITH_SUB, ("object.object.definition", {"extensions": {"description": "x"}})),
    ),
    ("object.context.registration", sub(context={"registration": "should fail"})),
    (
        "object.context.revision",
        changed(WITH_SUB, ("object.object", AGENT), ("object.context", {"revision": "1"})),
    ),
    ("object.verified", sub(verified=True)),
    # voiding
    ("object", statement(verb={"id": "http://adlnet.gov/expapi/verbs/voided"})),
    ("object", statement(verb={"id": "http://adlnet.gov/expapi/verbs/voided"}, object=AGENT)),
    # result
    ("result", statement(result="passed")),
    ("result.passed", result(passed=True)),
    ("result.score", result(score=12345)),
    ("result.score", result(score="should fail")),
    ("result.score.max", changed(WITH_RESULT, ("result.score.max", "one hundred"))),
    ("result.score.max", changed(WITH_RESULT, ("result.score.max", "100"))),
    ("result.score.raw", changed(WITH_RESULT, ("result.score.raw", True))),
    ("result.score.raw", result(score={"raw": float("inf")})),
    ("result.score.scaled", result(score={"scaled": 1.01})),
    ("result.score.scaled", result(score={"scaled": -1.00001})),
    ("result.score.raw", result(score={"raw": 0.6767676, "max": 0.6567676})),
    ("result.score.raw", result(score={"raw": 0.6767676, "min": 1.4067676})),
    ("result.score.min", result(score={"min": 0.6767676, "max": 0.6767355, "raw": 0.6767643})),
    ("result.score.min", result(score={"min": 5, "max": 5})),
    ("result.score.percent", changed(WITH_RESULT, ("result.score.percent", 95))),
    ("result.success", result(success="We regret to inform you")),
    ("result.completion", result(completion="false")),
    ("result.completion", result(completion=1)),
    ("result.response", result(response=42)),
    ("result.duration", result(duration="PA1H0M0S")),
    ("result.duration", result(duration="should fail")),
    ("result.duration", result(duration=12345)),
    ("result.duration", result(duration={"key": "invalid"})),
    ("result.duration", result(duration="P4W1D")),
    ("result.duration", result(duration="P0003-06-04T12:30:05")),
    ("result.extensions", result(extensions={"should fail": True})),
    # context
    ("context", statement(context="should fail")),
    ("context.location", context(location="here")),
    ("context.registration", context(registration=None)),
    ("context.registration", context(registration={"key": "x"})),
    ("context.registration", context(registration="should fail")),
    ("context.registration", context(registration="AA97B177-9383-4934-8543-0F91A7A028368")),
    ("context.instructor.key", context(instructor={"key": "should fail"})),
    ("context.instructor", context(instructor="should fail")),
    ("context.instructor.mbox", changed(WITH_CONTEXT, ("context.instructor.mbox", "http://should.fail.com"))),
    (
        "context.instructor.account.name",
        context(instructor={"account": {"homePage": "http://e.com", "name": {"k": 1}}}),
    ),
    ("context.team", context(team=AGENT)),
    ("context.team", context(team={"key": "should fail"})),
    ("context.team", context(team="should fail")),
    ("context.team.member", context(team={"objectType": "Group"})),
    ("context.contextActivities", context(contextActivities="should fail")),
    ("context.contextActivities", context(contextActivities={})),
    ("context.contextActivities.sibling", context(contextActivities={"sibling": [ACTIVITY]})),
    ("context.contextActivities.parent", context(contextActivities={"parent": "http://example.com/p"})),
    (
        "context.contextActivities.parent[0].id",
        context(contextActivities={"parent": [{"objectType": "Activity"}]}),
    ),
    ("context.contextActivities.other[0].objectType", context(contextActivities={"other": [AGENT]})),
    ("context.contextActivities.grouping", context(contextActivities={"grouping": None})),
    ("context.revision", context(revision=12345)),
    ("context.revision", context(revision={"key": "v"})),
    ("context.platform", context(platform=12345)),
    ("context.revision", statement(object=AGENT, context={"revision": "1"})),
    ("context.revision", statement(object=ANONYMOUS_GROUP, context={"revision": "1"})),
    ("context.revision", statement(object=STATEMENT_REF, context={"revision": "1"})),
    ("context.revision", statement(object=SUBSTATEMENT, context={"revision": "1"})),
    ("context.platform", statement(object=AGENT, context={"platform": "web"})),
    ("context.platform", statement(object=STATEMENT_REF, context={"platform": "web"})),
    ("context.language", context(language=12345)),
    ("context.language", context(language={"a12345": "should fail"})),
    ("context.language", context(language="something")),
    ("context.language", context(language="supercalifragilisticexpialidociouswhatabouthhhhhhh")),
    ("context.statement.objectType", context(statement={"objectType": "statementref", "id": UUID})),
    ("context.statement.id", context(statement={"objectType": "StatementRef", "id": "should fail"})),
    ("context.statement.objectType", context(statement={"id": UUID})),
    ("context.extensions", context(extensions={"example.com/extension/wrong": 1})),
    # context agents and groups (2.0)
    # timestamp and stored
    ("timestamp", statement(timestamp="should fail")),
    ("timestamp", statement(timestamp="01/011/2015")),
    ("timestamp", statement(timestamp="2008-09-15T15:53:00.601-00")),
    ("timestamp", statement(timestamp="2008-09-15T15:53:00.601-0000")),
    ("timestamp", statement(timestamp="2008-09-15T15:53:00.601-00:00")),
    ("timestamp", statement(timestamp=1368855154)),
    ("timestamp", statement(timestamp="2013-05-18")),
    ("timestamp", statement(timestamp="2013-02-30T05:32:34Z")),
    ("timestamp", statement(timestamp="2013-05-18T25:32:34Z")),
    ("timestamp", statement(timestamp="2013-05-18T05:32:34+24:00")),
    ("timestamp", statement(timestamp="Sat May 18 2013 05:32:34 GMT+0000")),
    ("stored", statement(stored="should fail")),
    ("stored", statement(stored="2008-09-15T15:53:00.601-00:00")),
    # authority
    ("authority", statement(authority="client")),
    ("authority.objectType", statement(authority=dict(AGENT, objectType=123))),
    ("authority", statement(authority={"objectType": "Agent", "name": "x"})),
    ("authority.name", statement(authority=dict(AGENT, name=123))),
    ("authority", statement(authority=IDENTIFIED_GROUP)),
    (
        "authority",
        statement(
            authority={"objectType": "Group", "member": [AGENT, AGENT_2], "mbox": "mailto:bob@example.com"}
        ),
    ),
    (
        "authority",
        statement(
            authority={
                "objectType": "Group",
                "member": [AGENT, AGENT_2],
                "account": {"homePage": "http://www.example.com", "name": "x"},
            }
        ),
    ),
    ("authority.member", statement(authority={"objectType": "Group", "member": [AGENT]})),
    (
        "authority.member",
        statement(authority={"objectType": "Group", "member": [ACCOUNT_AGENT, AGENT, AGENT_2]}),
    ),
    ("authority.member", statement(authority={"objectType": "Group"})),
    # version
    ("version", statement(version="should fail")),
    ("version", statement(version="0.9.9")),
    ("version", statement(version="1.1.0")),
    ("version", statement(version=1.0)),
    # attachments
    ("attachments", statement(attachments=ATTACHMENT)),
    ("attachments[0]", statement(attachments=[12345])),
    ("attachments[0]", statement(attachments=["should fail"])),
    ("attachments[0].usageType", attachment(usageType=DELETE)),
    ("attachments[0].usageType", attachment(usageType="should fail")),
    ("attachments[0].display", attachment(display=DELETE)),
    ("attachments[0].display", attachment(display=12345)),
    ("attachments[0].display", attachment(display={})),
    ("attachments[0].display", attachment(display={"en-US": "x", "something": "y"})),
    ("attachments[0].description", attachment(description="should error")),
    ("attachments[0].description", attachment(description={"de-419-DE": "x"})),
    ("attachments[0].contentType", attachment(contentType=999)),
    ("attachments[0].contentType", attachment(contentType="text")),
    ("attachments[0].contentType", attachment(contentType=DELETE)),
    ("attachments[0].length", attachment(length="should fail")),
    ("attachments[0].length", attachment(length=27.5)),
    ("attachments[0].length", attachment(length=-1)),
    ("attachments[0].length", attachment(length=DELETE)),
    ("attachments[0].sha2", attachment(sha2=12345)),
    ("attachments[0].sha2", attachment(sha2="should fail")),
    ("attachments[0].sha2", attachment(sha2=DELETE)),
    ("attachments[0].fileUrl", attachment(fileUrl="should fail")),
    ("attachments[0].fileUrl", attachment(fileUrl="over.there.com/file.txt")),
    ("attachments[0].data", attachment(data="aGVsbG8=")),
    ("attachments[1].length", statement(attachments=[ATTACHMENT, dict(ATTACHMENT, length=None)])),
    ("attachments[0].contentType", attachment(usageType="http://adlnet.gov/expapi/attachments/signature")),
]

# Rejected under 1.0.3 rules only.
REJECTED_1_0 = [
    ("context.contextAgents", context(contextAgents=[])),
    ("context.contextGroups", context(contextGroups=[])),
    ("timestamp", statement(timestamp="2008-09-15 15:53:00.601+00:00")),
    ("version", statement(version="2.0.0")),
]

# Rejected under 2.0.0 rules only.
REJECTED_2_0 = [
    ("context.contextAgents", context(contextAgents={"objectType": "contextAgent", "agent": AGENT})),
    (
        "context.contextAgents[0].objectType",
        context(contextAgents=[{"objectType": "Should fail", "agent": AGENT}]),
    ),
    ("context.contextAgents[0].objectType", context(contextAgents=[{"agent": AGENT}])),
    (
        "context.contextAgents[0].agent.key",
        context(contextAgents=[{"objectType": "contextAgent", "agent": {"key": "Should fail"}}]),
    ),
    (
        "context.contextAgents[0].agent",
        context(contextAgents=[{"objectType": "contextAgent", "agent": IDENTIFIED_GROUP}]),
    ),
    (
        "context.contextAgents[0].relevantTypes",
        context(contextAgents=[{"objectType": "contextAgent", "agent": AGENT, "relevantTypes": []}]),
    ),
    (
        "context.contextAgents[0].relevantTypes[0]",
        context(contextAgents=[{"objectType": "contextAgent", "agent": AGENT, "relevantTypes": ["abc"]}]),
    ),
    (
        "context.contextAgents[0].member",
        context(contextAgents=[{"objectType": "contextAgent", "agent": AGENT, "member": [AGENT]}]),
    ),
    (
        "context.contextGroups[0].objectType",
        context(contextGroups=[{"objectType": "Should fail", "group": IDENTIFIED_GROUP}]),
    ),
    (
        "context.contextGroups[0].group",
        context(contextGroups=[{"objectType": "contextGroup", "group": {"key": "Should fail"}}]),
    ),
    (
        "context.contextGroups[0].group",
        context(contextGroups=[{"objectType": "contextGroup", "group": AGENT}]),
    ),
    (
        "context.contextGroups[0].relevantTypes",
        context(
            contextGroups=[{"objectType": "contextGroup", "group": IDENTIFIED_GROUP, "relevantTypes": []}]
        ),
    ),
    (
        "context.contextGroups[0].relevantTypes[0]",
        context(
            contextGroups=[
                {"objectType": "contextGroup", "group": IDENTIFIED_GROUP, "relevantTypes": ["abc"]}
            ]
        ),
    ),
    ("timestamp", statement(timestamp="2008-09-15T15:53:00.601")),
    ("timestamp", statement(timestamp="20080915T155300Z")),
    ("timestamp", statement(timestamp="2008-09-15T15:53Z")),
    ("version", statement(version="2.1.0")),
]


def _rejected_params():
    seen: dict[str, int] = {}
    for cases, versions in ((REJECTED, BOTH), (REJECTED_1_0, (V1,)), (REJECTED_2_0, (V2,))):
        for relative, document in cases:
            path = "statement" + ("." + relative if relative and not relative.startswith("[") else relative)
            seen[path] = seen.get(path, 0) + 1
            for version in versions:
                yield pytest.param(document, version, path, id=f"{path}#{seen[path]} [{version}]")


@pytest.mark.parametrize(("document", "version", "expected_path"), list(_rejected_params()))
def test_invalid_statements_are_rejected_at_the_right_path(document, version, expected_path):
    assert_rejected(document, version, expected_path)


# ---------------------------------------------------------------------------------------------------------
# Messages, versions and the path argument
# ---------------------------------------------------------------------------------------------------------


def test_message_reads_path_then_reason():
    message = assert_rejected(changed(BASE, ("actor.mbox", "ada@example.com")), V1, "statement.actor.mbox")
    assert message == "statement.actor.mbox: must start with mailto:"


def test_wrong_case_property_gets_a_hint():
    message = assert_rejected(changed(BASE, ("Actor", AGENT)), V1, "statement.Actor")
    assert "did you mean 'actor'" in message


def test_missing_property_says_required():
    assert assert_rejected(statement(verb=DELETE), V1, "statement.verb") == "statement.verb: is required"


def test_null_property_says_null():
    message = assert_rejected(
        changed(WITH_CONTEXT, ("context.registration", None)), V1, "statement.context.registration"
    )
    assert message.endswith("must not be null")


def test_bad_language_tag_is_quoted_in_the_message():
    message = assert_rejected(
        changed(BASE, ("verb.display", {"de-419-DE": "x"})), V1, "statement.verb.display"
    )
    assert "'de-419-DE'" in message


def test_caller_chosen_path_prefixes_errors():
    assert_rejected(statement(verb=DELETE), V1, "statements[3].verb", path="statements[3]")


@pytest.mark.parametrize("version", SUPPORTED_VERSIONS + ("1.0", "2.0"))
def test_every_supported_version_validates(version):
    validate_statement(BASE, version=version)


@pytest.mark.parametrize("version", ["0.95", "1.1.0", "2.1.0", "3.0.0", ""])
def test_unsupported_request_version_is_rejected(version):
    with pytest.raises(XAPIValidationError) as caught:
        validate_statement(BASE, version=version)
    assert str(caught.value).startswith("version: unsupported xAPI version")


def test_error_is_a_value_error():
    assert issubclass(XAPIValidationError, ValueError)
    error = XAPIValidationError("bare message")
    assert str(error) == "bare message" and error.path is None


# ---------------------------------------------------------------------------------------------------------
# validate_agent and agent_key
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("agent", "kwargs"),
    [
        (AGENT, {}),
        (ACCOUNT_AGENT, {"allow_group": False}),
        ({"objectType": "Agent", "openid": "http://openid.example.org/1"}, {"allow_group": False}),
        (IDENTIFIED_GROUP, {"require_ifi": True}),
        (ANONYMOUS_GROUP, {}),
    ],
)
def test_validate_agent_accepts(agent, kwargs):
    validate_agent(agent, path="agent", **kwargs)


@pytest.mark.parametrize(
    ("agent", "kwargs", "expected_path"),
    [
        ("mailto:a@example.com", {}, "agent"),
        ({"name": "x"}, {}, "agent"),
        ({"mbox": "a@example.com"}, {}, "agent.mbox"),
        (IDENTIFIED_GROUP, {"allow_group": False}, "agent"),
        (ANONYMOUS_GROUP, {"require_ifi": True}, "agent"),
        ({"objectType": "Person", "mbox": "mailto:a@example.com"}, {}, "agent.objectType"),
        ({"mbox": "mailto:a@example.com", "extra": 1}, {}, "agent.extra"),
    ],
)
def test_validate_agent_rejects(agent, kwargs, expected_path):
    with pytest.raises(XAPIValidationError) as caught:
        validate_agent(agent, path="agent", **kwargs)
    assert caught.value.path == expected_path


@pytest.mark.parametrize(
    ("agent", "key"),
    [
        ({"mbox": "mailto:a@b.c", "name": "A"}, "mbox:mailto:a@b.c"),
        (
            {"mbox_sha1sum": "CD9B00A5611F94EAA7B1661EDAB976068E364975"},
            "mbox_sha1sum:cd9b00a5611f94eaa7b1661edab976068e364975",
        ),
        ({"openid": "http://openid.example.org/1"}, "openid:http://openid.example.org/1"),
        (ACCOUNT_AGENT, "account:https://academy.example.org|user-42"),
        (dict(IDENTIFIED_GROUP, member=[AGENT]), "mbox:mailto:team@example.com"),
    ],
)
def test_agent_key(agent, key):
    assert agent_key(agent) == key


def test_agent_key_needs_exactly_one_identifier():
    with pytest.raises(XAPIValidationError):
        agent_key(ANONYMOUS_GROUP)
    with pytest.raises(XAPIValidationError):
        agent_key(dict(AGENT, openid="http://openid.example.org/1"))


# ---------------------------------------------------------------------------------------------------------
# Format helpers
# ---------------------------------------------------------------------------------------------------------

GOOD_TAGS = [
    "de",
    "i-enochian",
    "ine",
    "zh-Hant",
    "sr-Latn",
    "zh-cmn-Hans-CN",
    "sr-Latn-RS",
    "sl-rozaj-biske",
    "de-CH-1901",
    "hy-Latn-IT-arevela",
    "de-DE",
    "az-Arab-x-AZE-derbend",
    "x-whatever",
    "en-US",
    "EN-us",
    "es-419",
    "und",
    "tlh",
    "en-GB-oed",
    "en-a-bbb-x-a-ccc",
    "qaa-Qaaa-QM-x-southern",
]
BAD_TAGS = [
    "de-419-DE",
    "a-DE",
    "ar-a-aaa-b-bbb-a-ccc",
    "zh-z-aaa-z-bbb-c-ccc",
    "something",
    "a12345",
    "",
    "en-",
    "en--US",
    "sl-rozaj-rozaj",
    "en_US",
    "en US",
    "x",
    "123",
    "supercalifragilisticexpialidociouswhatabouthhhhhhh",
    "dé",
    "test",
    "abcd-US",
]


@pytest.mark.parametrize("tag", GOOD_TAGS)
def test_well_formed_language_tags(tag):
    assert is_language_tag(tag)


@pytest.mark.parametrize("tag", BAD_TAGS)
def test_malformed_language_tags(tag):
    assert not is_language_tag(tag)


@pytest.mark.parametrize(
    "iri",
    [
        "http://www.example.com/meetings/occurances/34534",
        "https://例え.jp/パス",
        "urn:uuid:1234",
        "mailto:a@b.c",
        "http://[::1]:8080/x",
        "http://user:pw@host:8080/p?q=1&r=2#frag",
        "tag:example.com,2024:x",
        "http://a/%20b",
    ],
)
def test_iris(iri):
    assert is_iri(iri)


@pytest.mark.parametrize(
    "iri",
    [
        "ab=c://should.fail.com",
        "should fail",
        "abc",
        "homePage.com/testUser",
        "http://a b",
        "http://a/b#c#d",
        "http://a/%zz",
        "http://h:port/",
        "urn:",
        "http://a/<b>",
        "1http://a",
        "http://a/\n",
        "http://[::1/x",
        "http://a@b@c/",
        None,
        42,
    ],
)  # fmt: skip (a table of short values)
def test_not_iris(iri):
    assert not is_iri(iri)


@pytest.mark.parametrize(
    "duration",
    [
        "PT1H0M0.1S",
        "PT4H35M59.14S",
        "PT16559.14S",
        "P3Y1M29DT4H35M59.14S",
        "P3Y",
        "P4W",
        "P1D",
        "PT0S",
        "PT0,5S",
    ],
)
def test_durations(duration):
    assert is_duration(duration)


@pytest.mark.parametrize(
    "duration",
    [
        "PA1H0M0S",
        "P4W1D",
        "P",
        "PT",
        "P1DT",
        "should fail",
        "PT1.5H30M",
        "-PT1S",
        "P0003-06-04T12:30:05",
        "1H",
        None,
    ],
)
def test_not_durations(duration):
    assert not is_duration(duration)


@pytest.mark.parametrize(
    ("value", "version", "expected"),
    [
        (
            "2013-05-18T05:32:34.804Z",
            V1,
            datetime.datetime(2013, 5, 18, 5, 32, 34, 804000, tzinfo=datetime.UTC),
        ),
        (
            "2013-05-18T05:32:34.804+01:00",
            V1,
            datetime.datetime(2013, 5, 18, 4, 32, 34, 804000, tzinfo=datetime.UTC),
        ),
        ("2013-05-18T05:32:34-0530", V1, datetime.datetime(2013, 5, 18, 11, 2, 34, tzinfo=datetime.UTC)),
        ("20130518T053234Z", V1, datetime.datetime(2013, 5, 18, 5, 32, 34, tzinfo=datetime.UTC)),
        ("2013-05-18T05:32:34", V1, datetime.datetime(2013, 5, 18, 5, 32, 34, tzinfo=datetime.UTC)),
        (
            "2013-05-18T05:32:34.123456789Z",
            V1,
            datetime.datetime(2013, 5, 18, 5, 32, 34, 123456, tzinfo=datetime.UTC),
        ),
        ("2013-05-18T24:00:00Z", V1, datetime.datetime(2013, 5, 19, tzinfo=datetime.UTC)),
        (
            "2008-09-15 15:53:00.601+00:00",
            V2,
            datetime.datetime(2008, 9, 15, 15, 53, 0, 601000, tzinfo=datetime.UTC),
        ),
        ("2008-09-15T15:53:00+02:00", V2, datetime.datetime(2008, 9, 15, 13, 53, tzinfo=datetime.UTC)),
    ],
)
def test_parse_timestamp(value, version, expected):
    parsed = parse_timestamp(value, version=version)
    assert parsed.tzinfo is not None
    assert parsed == expected


@pytest.mark.parametrize(
    "value", ["2008-09-15 15:53:00+00:00", "2008-09-15T15:53:00", "20080915T155300Z", "2008-09-15t15:53:00z"]
)
def test_parse_timestamp_without_version_accepts_what_either_version_accepts(value):
    assert parse_timestamp(value).tzinfo is not None


@pytest.mark.parametrize(
    ("value", "version"),
    [
        ("2008-09-15 15:53:00", None),
        ("2008-09-15T15:53:00-00:00", None),
        ("2008-09-15 15:53:00+00:00", V1),
        ("2008-09-15T15:53:00", V2),
        ("2008-09-15", None),
    ],
)
def test_parse_timestamp_rejects(value, version):
    with pytest.raises(XAPIValidationError):
        parse_timestamp(value, version=version)


def test_parse_timestamp_error_names_the_path():
    with pytest.raises(XAPIValidationError) as caught:
        parse_timestamp("2008-09-15T15:53:00.601-00:00", path="since")
    assert str(caught.value).startswith("since: ")
