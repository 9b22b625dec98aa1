"""Reading statements back: by id, by query with the xAPI filters, page by page, in each format."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from .models import Statement
from .xapi.validation import agent_key

MAX_PAGE = 100
_IFIS = ("mbox", "mbox_sha1sum", "openid", "account")


def _scoped(qs, credential):
    if credential is not None and credential.is_launch:
        from .recording import actor_for_person

        qs = qs.filter(actor_key=agent_key(actor_for_person(credential.person)))
    return qs


def statement_by_id(*, statement_id, voided: bool, credential=None) -> dict | None:
    """A stored statement by id. A voided statement is only found as voidedStatementId, and vice versa."""
    row = _scoped(Statement.objects.filter(statement_id=statement_id, voided=voided), credential).first()
    return row.data if row else None


def stored_statement_ids(*, statement_ids: list[str]) -> set[str]:
    """Which of these statement ids the LRS already holds (voided or not, whoever wrote them)."""
    found = Statement.objects.filter(statement_id__in=statement_ids).values_list("statement_id", flat=True)
    return {str(statement_id) for statement_id in found}


# How many links of StatementRef chains a filter follows (a statement about a statement about one
# that matches); real chains are short, and each level is one more subquery.
_REFERENCE_DEPTH = 3


def _referring_levels(matching, credential) -> list:
    """Querysets of the statements that refer (by StatementRef) to the matching ones, one per link
    of the chain. The matching statements count even when voided, so the statements that void or
    cite them are found. Each level starts from the few statements that refer to anything."""
    refers = Statement.objects.filter(target_statement__isnull=False)
    first = refers.filter(Exists(matching.filter(statement_id=OuterRef("target_statement"))))
    levels = [_scoped(first, credential)]
    for _ in range(_REFERENCE_DEPTH - 1):
        previous = levels[-1]
        levels.append(
            _scoped(refers.filter(target_statement__in=previous.values("statement_id")), credential)
        )
    return levels


@dataclass
class StatementPage:
    statements: list[dict]
    next_before: int | None


def statement_page(
    *,
    credential=None,
    agent: dict | None = None,
    verb: str | None = None,
    activity: str | None = None,
    registration=None,
    since=None,
    until=None,
    related_agents: bool = False,
    related_activities: bool = False,
    ascending: bool = False,
    limit: int = 0,
    after: int | None = None,
) -> StatementPage:
    """One page of the statements a query matches, newest first unless `ascending`."""
    qs = _scoped(Statement.objects.all(), credential)
    if agent is not None:
        key = agent_key(agent)
        agents = {"agents__agent_key": key}
        if not related_agents:
            agents["agents__related_only"] = False
        qs = qs.filter(**agents)
    if verb:
        qs = qs.filter(verb_id=verb)
    if activity:
        activities = {"activities__activity_id": activity}
        if not related_activities:
            activities["activities__related_only"] = False
        qs = qs.filter(**activities)
    if registration is not None:
        qs = qs.filter(registration=registration)
    size = min(limit, MAX_PAGE) if limit else MAX_PAGE

    def page_of(candidates) -> list[Statement]:
        candidates = candidates.filter(voided=False)
        if since is not None:
            candidates = candidates.filter(stored__gt=since)
        if until is not None:
            candidates = candidates.filter(stored__lte=until)
        if after is not None:
            candidates = candidates.filter(seq__gt=after) if ascending else candidates.filter(seq__lt=after)
        # No DISTINCT: a statement has at most one index row per agent and activity, so the joins
        # cannot repeat it, and DISTINCT over the JSON column would cost a sort on every query.
        ordered = candidates.order_by("seq" if ascending else "-seq")
        return list(ordered.only("seq", "data")[: size + 1])

    rows = page_of(qs)
    if agent is not None or verb or activity or registration is not None:
        # Statements that refer to matching ones match too. Each side is fetched with its own index
        # and limit, then merged, so the common case (few references) stays as fast as a plain filter.
        for level in _referring_levels(qs, credential):
            rows = rows + page_of(level)
        by_seq = {row.seq: row for row in rows}
        rows = sorted(by_seq.values(), key=lambda row: row.seq, reverse=not ascending)[: size + 1]
    next_before = rows[size - 1].seq if len(rows) > size else None
    return StatementPage(statements=[row.data for row in rows[:size]], next_before=next_before)


def _ids_only(actor: dict) -> dict:
    if not isinstance(actor, dict):
        return actor
    reduced = {k: v for k, v in actor.items() if k in _IFIS or k == "objectType"}
    if actor.get("objectType") == "Group" and not any(k in actor for k in _IFIS):
        reduced["member"] = [_ids_only(m) for m in actor.get("member", [])]
    return reduced


# Language maps, by the property names that hold them, reduced to one language in `canonical`.
_LANGUAGE_MAPS = {"display", "name", "description"}


def _preferred_languages(accept_language: str) -> list[str]:
    """Language ranges from an Accept-Language header, most wanted first."""
    ranked = []
    for position, item in enumerate(accept_language.split(",")):
        tag, _, params = item.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and quality > 0:
            ranked.append((-quality, position, tag.strip().lower()))
    return [tag for _, _, tag in sorted(ranked)]


def _one_language(language_map: dict, preferred: list[str]) -> dict:
    if len(language_map) <= 1:
        return language_map
    lowered = {key.lower(): key for key in language_map}
    for wanted in preferred:
        if wanted == "*":
            break
        for key_lower, key in lowered.items():
            if (
                key_lower == wanted
                or key_lower.startswith(wanted + "-")
                or wanted.startswith(key_lower + "-")
            ):
                return {key: language_map[key]}
    first = next(iter(language_map))
    return {first: language_map[first]}


def _canonical(value, preferred: list[str]):
    if isinstance(value, list):
        return [_canonical(item, preferred) for item in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        if (
            key in _LANGUAGE_MAPS
            and isinstance(item, dict)
            and all(isinstance(v, str) for v in item.values())
        ):
            out[key] = _one_language(item, preferred)
        elif key == "extensions":
            out[key] = item  # extension values are the provider's own data, left as they are
        else:
            out[key] = _canonical(item, preferred)
    return out


def formatted(statement: dict, fmt: str, *, accept_language: str = "") -> dict:
    """A statement in the `exact`, `ids` or `canonical` format (one language per language map,
    chosen by the request's Accept-Language)."""
    if fmt == "canonical":
        return _canonical(statement, _preferred_languages(accept_language))
    if fmt != "ids":
        return statement
    out = copy.deepcopy(statement)

    def reduce(stmt: dict):
        stmt["actor"] = _ids_only(stmt["actor"])
        obj = stmt["object"]
        object_type = obj.get("objectType", "Activity")
        if object_type == "Activity":
            stmt["object"] = (
                {"objectType": "Activity", "id": obj["id"]} if "objectType" in obj else {"id": obj["id"]}
            )
        elif object_type in ("Agent", "Group"):
            stmt["object"] = _ids_only(obj)
        elif object_type == "SubStatement":
            reduce(obj)
        stmt["verb"] = {"id": stmt["verb"]["id"]}
        context = stmt.get("context") or {}
        for who in ("instructor", "team"):
            if who in context:
                context[who] = _ids_only(context[who])
        for kind, activities in (context.get("contextActivities") or {}).items():
            context["contextActivities"][kind] = [{"id": a["id"]} for a in activities]
        if "authority" in stmt:
            stmt["authority"] = _ids_only(stmt["authority"])

    reduce(out)
    return out
