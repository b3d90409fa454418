"""Units (municipal parties, Svalbard, the county party) and the people and roles in them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from difflib import get_close_matches
from typing import cast

from sqlmodel import Session, col, select

from bot.db import readable_rows
from bot.models import Membership, Person, Role, Unit, UnitKind
from bot.services.audit import record_change, snapshot
from bot.services.validation import (
    InvalidInput,
    check_channel_id,
    check_choice,
    check_user_id,
    check_webhook_url,
)
from bot.texts import t

UNIT_FIELDS = ("slug", "name", "kind", "slack_channel", "active", "annual_meeting")
EDITABLE_FIELDS = ("name", "kind", "slack_channel", "teams_webhook_url", "active", "annual_meeting")
MAX_NAME = 120
MAX_SLUG = 64
SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")
SLUG_LETTERS = str.maketrans({"æ": "a", "ø": "o", "å": "a"})


class UnitNotFound(LookupError):
    """No one unit matches the reference a person gave; `near` are names it may have meant (a
    typo), or with `several` the units it fits ('kvæ': Kvæfjord, Kvænangen)."""

    def __init__(self, ref: str, near: Sequence[str] = (), *, several: bool = False) -> None:
        super().__init__(ref)
        self.ref = ref
        self.near = tuple(near)
        self.several = several

    def did_you_mean(self, lang: str) -> str:
        """' Mente du «Tromsø»?' to add to the answer, or ''."""
        return did_you_mean(self.near, lang)

    def text(self, lang: str, no_match: str) -> str:
        """The answer: "«kvæ» passer flere enheter. Mente du «Kvæfjord» eller «Kvænangen»?" when
        it fits several, else `no_match` (the surface's "found none") and what it may be a typo of."""
        if self.several:
            return t("unit.several", lang, query=self.ref) + self.did_you_mean(lang)
        return no_match + self.did_you_mean(lang)


def did_you_mean(names: Sequence[str], lang: str) -> str:
    """' Mente du «A», «B» eller «C»?' (with a space first), or '' for no names."""
    if not names:
        return ""
    quoted = [t("match.quoted", lang, title=name) for name in names]
    listed = (
        ", ".join(quoted[:-1]) + t("match.or", lang) + quoted[-1] if len(quoted) > 1 else quoted[0]
    )
    return " " + t("match.did_you_mean", lang, titles=listed)


def fold(text: str) -> str:
    """Lower-case, without diacritics and with æøå spelled out, for forgiving matching."""
    text = text.casefold().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


NORWEGIAN_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}", "ä": "{", "ö": "|"})


def name_order(name: str) -> str:
    """A sort key that puts æ, ø and å after z, as Norwegian alphabetical order does."""
    return name.casefold().translate(NORWEGIAN_ORDER)


def list_units(
    *, session: Session, kind: str | None = UnitKind.MUNICIPAL, include_inactive: bool = False
) -> list[Unit]:
    """Units ordered by name; by default the active municipal parties. A unit with a value that
    cannot be read (a date written by hand) is left out: the planner names it to staff."""
    query = select(Unit)
    if kind is not None:
        query = query.where(Unit.kind == kind)
    if not include_inactive:
        query = query.where(col(Unit.active).is_(True))
    units, _ = readable_rows(session, query.order_by(col(Unit.id)), Unit)
    return sorted(units, key=lambda unit: name_order(unit.name))


def example_unit_name(*, session: Session, lang: str, own: Sequence[Unit] = ()) -> str:
    """A unit's name for the examples in answers ("/status Bodø"): the person's own unit, else
    the first active municipal party of this database; a placeholder when there is none yet."""
    if own:
        return own[0].name
    units = list_units(session=session)
    return units[0].name if units else t("unit.example_none", lang)


def is_row_id(text: str) -> bool:
    """Whether `text` is a number a database id can be (ASCII digits within a 64-bit integer)."""
    return len(text) <= 19 and text.isascii() and text.isdecimal() and int(text) < 2**63


MAX_CANDIDATES = 8  # the most units a "Mente du …?" names when a start of a name fits several


def units_named(ref: str, units: Sequence[Unit]) -> list[Unit]:
    """The one rule for which units a typed name means, for every command that takes one (CLI and
    slash commands): the unit it names exactly — its name, slug, or for 'Svalbard (Longyearbyen)'
    'svalbard' or 'longyearbyen'; case, æøå and "Malselv" for "Målselv" never matter — else
    every unit such a name of which it starts ('vest' → Vestvågøy, 'kvæ' → Kvæfjord and
    Kvænangen). One unit: that one; several: the candidates to name; none: []."""
    wanted = " ".join(fold(ref.strip().lstrip("#")).split())
    if not wanted:
        return []
    exact = [u for u in units if wanted in name_forms(u)]
    if exact:
        return exact
    found = [u for u in units if any(form.startswith(wanted) for form in name_forms(u))]
    return sorted(found, key=lambda u: name_order(u.name))


def find_unit(*, session: Session, ref: str) -> Unit:
    """The unit with this id, or the one `units_named` finds; raise UnitNotFound naming the
    candidates when the name fits several, or what it may be a typo of."""
    ref = ref.strip().lstrip("#")
    if is_row_id(ref):
        unit = session.get(Unit, int(ref))
        if unit:
            return unit
    units = list(session.exec(select(Unit)))
    found = units_named(ref, units)
    if len(found) == 1:
        return found[0]
    raise UnitNotFound(ref, close_unit_names(ref, units), several=len(found) > 1)


def close_unit_names(ref: str, units: Sequence[Unit]) -> list[str]:
    """The units `ref` could mean, to name in "Mente du …?": the (first eight) units whose name
    a word of it starts when it fits several ('kvæ' → Kvæfjord, Kvænangen), else up to three it
    may be a typo of ('Bodo', 'bdø' → 'Bodø')."""
    words = ref.split()
    for part in dict.fromkeys([ref, *words[-1:], *words[:1]]):
        found = units_named(part, units)
        if len(found) > 1:
            return [u.name for u in found[:MAX_CANDIDATES]]
    names = {fold(u.name): u.name for u in units}
    return [names[n] for n in get_close_matches(fold(ref.strip()), names, n=3, cutoff=0.75)]


def name_forms(unit: Unit) -> set[str]:
    """The folded names a unit goes by: slug, name, and for 'Svalbard (Longyearbyen)' also
    'svalbard' and 'longyearbyen'."""
    inside = re.findall(r"\(([^()]*)\)", unit.name)
    outside = re.sub(r"\([^()]*\)", " ", unit.name)
    forms = {fold(unit.slug), fold(unit.name), *(fold(part) for part in [outside, *inside])}
    return {" ".join(form.split()) for form in forms} - {""}


def slug_for(name: str) -> str:
    """The slug a unit's name gives: lower case, æøå as a/o/a, other signs as hyphens ("Kvæfjord"
    → "kvafjord", as the built-in units are named)."""
    text = fold(name.casefold().translate(SLUG_LETTERS))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:MAX_SLUG].strip("-")


def check_unit_name(text: str) -> str:
    """A unit's name: not empty, at most 120 characters."""
    value = (text or "").strip()
    if not value or len(value) > MAX_NAME:
        raise InvalidInput("valid.unit_name", most=MAX_NAME)
    return value


def check_slug(text: str) -> str:
    """A unit's short name: lower-case letters a–z, digits and hyphens, at most 64."""
    value = (text or "").strip()
    if not SLUG.fullmatch(value):
        raise InvalidInput("valid.slug", value=text, example=slug_for(text) or "tromso")
    return value


# A place with a municipal party in the plans that is no municipality: Svalbard is governed by
# Longyearbyen lokalstyre, so the party there is a local branch (lokallag), counted like the rest.
NO_MUNICIPALITY = ("svalbard", "longyearbyen")


def unit_kind_word(*, name: str, kind: str = UnitKind.MUNICIPAL) -> str:
    """The one rule for the word a message calls a unit by (`unit.kind.<word>` in bot/texts):
    its kind (municipal, county, other), except a unit counted as a municipal party in a place
    that is no municipality (Svalbard), which is a local branch ("local": lokallag)."""
    if kind == UnitKind.MUNICIPAL and any(place in fold(name) for place in NO_MUNICIPALITY):
        return "local"
    return kind if kind in {k.value for k in UnitKind} else UnitKind.OTHER


def unit_label(*, name: str, lang: str, kind: str = UnitKind.MUNICIPAL) -> str:
    """'Kommuneparti: Tromsø', 'Lokallag: Svalbard (Longyearbyen)': which unit a message is for."""
    word = t(f"unit.kind.{unit_kind_word(name=name, kind=kind)}", lang)
    return t("unit.label", lang, kind=word, unit=name)


def check_unit_kind(text: str) -> str:
    """municipal, county or other."""
    return check_choice((text or "").strip(), [kind.value for kind in UnitKind])


def create_unit(
    *, session: Session, slug: str, name: str, kind: str, actor: str, now: datetime
) -> Unit:
    """Add a unit (slug, name and kind checked; InvalidInput otherwise), audited."""
    unit = Unit(slug=check_slug(slug), name=check_unit_name(name), kind=check_unit_kind(kind))
    session.add(unit)
    session.flush()
    record_change(
        session=session,
        now=now,
        actor=actor,
        entity="unit",
        entity_id=unit.id,
        action="create",
        after=snapshot(unit, UNIT_FIELDS),
    )
    return unit


def update_unit(
    *, session: Session, unit: Unit, actor: str, now: datetime, **changes: object
) -> Unit:
    """Change a unit's fields (name, kind, slack_channel, teams_webhook_url, active,
    annual_meeting) with an audit entry.

    The channel must be a Slack channel id and the Teams webhook an https URL (InvalidInput
    otherwise, nothing changed); fields already holding the
    value are left out, and nothing is recorded when nothing changes.
    """
    for field in changes:
        if field not in EDITABLE_FIELDS:
            raise ValueError(f"unit has no editable field {field!r}")
    if "name" in changes:
        changes["name"] = check_unit_name(cast(str, changes["name"]))
    if "kind" in changes:
        changes["kind"] = check_unit_kind(cast(str, changes["kind"]))
    if "annual_meeting" in changes and not isinstance(changes["annual_meeting"], date | None):
        raise ValueError("annual_meeting must be a date")
    if "slack_channel" in changes:
        changes["slack_channel"] = check_channel_id(cast(str | None, changes["slack_channel"]))
    if "teams_webhook_url" in changes:
        changes["teams_webhook_url"] = check_webhook_url(
            cast(str | None, changes["teams_webhook_url"])
        )
    changes = {k: v for k, v in changes.items() if getattr(unit, k) != v}
    if not changes:
        return unit
    before = snapshot(unit, UNIT_FIELDS)
    old_webhook = unit.teams_webhook_url
    for field, value in changes.items():
        setattr(unit, field, value)
    session.add(unit)
    session.flush()
    after = snapshot(unit, UNIT_FIELDS)
    if "teams_webhook_url" in changes:
        # The URL is a secret: the audit log says only whether it was set, replaced or cleared.
        before["teams_webhook"] = "set" if old_webhook else None
        after["teams_webhook"] = _webhook_change(old_webhook, unit.teams_webhook_url)
    record_change(
        session=session,
        now=now,
        actor=actor,
        entity="unit",
        entity_id=unit.id,
        action="update",
        before=before,
        after=after,
    )
    return unit


def _webhook_change(old: str | None, new: str | None) -> str | None:
    if new:
        return "replaced" if old and old != new else "set"
    return "cleared" if old else None


def get_or_create_person(*, session: Session, slack_user_id: str, name: str = "") -> Person:
    """The person with this Slack user id, created when new."""
    person = session.exec(select(Person).where(Person.slack_user_id == slack_user_id)).first()
    if person is None:
        person = Person(slack_user_id=slack_user_id, name=name)
        session.add(person)
        session.flush()
    elif name and not person.name:
        person.name = name
        session.add(person)
    return person


def assign_role(
    *,
    session: Session,
    slack_user_id: str,
    role: Role,
    unit: Unit | None,
    actor: str,
    now: datetime,
) -> Membership:
    """Give a person a role (in a unit, or county-wide when unit is None); idempotent."""
    person = get_or_create_person(session=session, slack_user_id=slack_user_id)
    unit_id = unit.id if unit else None
    existing = session.exec(
        select(Membership).where(
            Membership.person_id == person.id,
            Membership.unit_id == unit_id,
            Membership.role == role,
        )
    ).first()
    if existing:
        return existing
    membership = Membership(person_id=person.id or 0, unit_id=unit_id, role=role)
    session.add(membership)
    session.flush()
    record_change(
        session=session,
        now=now,
        actor=actor,
        entity="membership",
        entity_id=membership.id,
        action="create",
        after={"user": slack_user_id, "role": str(role), "unit": unit.slug if unit else None},
    )
    return membership


def remove_role(
    *,
    session: Session,
    slack_user_id: str,
    role: Role,
    unit: Unit | None,
    actor: str,
    now: datetime,
) -> bool:
    """Take a role away; True when there was one."""
    person = session.exec(select(Person).where(Person.slack_user_id == slack_user_id)).first()
    if person is None:
        return False
    membership = session.exec(
        select(Membership).where(
            Membership.person_id == person.id,
            Membership.unit_id == (unit.id if unit else None),
            Membership.role == role,
        )
    ).first()
    if membership is None:
        return False
    record_change(
        session=session,
        now=now,
        actor=actor,
        entity="membership",
        entity_id=membership.id,
        action="delete",
        before={"user": slack_user_id, "role": str(role), "unit": unit.slug if unit else None},
    )
    session.delete(membership)
    return True


def change_leaders(
    *,
    session: Session,
    unit: Unit,
    add: Iterable[str] = (),
    remove: Iterable[str] = (),
    actor: str,
    now: datetime,
) -> int:
    """Give and take the leader role in a unit (each change audited); how many changed.

    Every id must be a Slack user id (InvalidInput before anything changes otherwise), except one
    being removed that is stored already (so an id an old version let in can be cleaned up); one
    being removed must be a leader (a typo would leave the old leader getting the nudges).
    """
    current = set(user_ids_with_role(session=session, unit=unit, role=Role.LEADER))
    removing = {user if user in current else check_user_id(user) for user in remove}
    for user in sorted(removing - current):
        leaders = ", ".join(sorted(current)) or "–"
        raise InvalidInput("valid.not_leader", user=user, unit=unit.name, leaders=leaders)
    adding = {check_user_id(user) for user in add}
    for user in sorted(removing & current):
        remove_role(
            session=session, slack_user_id=user, role=Role.LEADER, unit=unit, actor=actor, now=now
        )
    kept = current - removing
    for user in sorted(adding - kept):
        assign_role(
            session=session, slack_user_id=user, role=Role.LEADER, unit=unit, actor=actor, now=now
        )
    return len(removing & current) + len(adding - kept)


def replace_role_holders(
    *,
    session: Session,
    unit: Unit,
    role: Role,
    users: Iterable[str],
    actor: str,
    now: datetime,
) -> int:
    """Make exactly `users` hold `role` in `unit` (each change audited); how many changed."""
    current = set(user_ids_with_role(session=session, unit=unit, role=role))
    if role == Role.LEADER:
        wanted = set(users)
        return change_leaders(
            session=session, unit=unit, add=wanted, remove=current - wanted, actor=actor, now=now
        )
    wanted = {check_user_id(user) for user in users}
    for user in sorted(current - wanted):
        remove_role(session=session, slack_user_id=user, role=role, unit=unit, actor=actor, now=now)
    for user in sorted(wanted - current):
        assign_role(session=session, slack_user_id=user, role=role, unit=unit, actor=actor, now=now)
    return len(current ^ wanted)


def units_with_role(
    *, session: Session, slack_user_id: str, role: Role = Role.LEADER
) -> list[Unit]:
    """The units in which this Slack user holds `role`."""
    query = (
        select(Unit)
        .join(Membership, col(Membership.unit_id) == col(Unit.id))
        .join(Person, col(Person.id) == col(Membership.person_id))
        .where(Person.slack_user_id == slack_user_id, Membership.role == role)
    )
    return sorted(session.exec(query), key=lambda unit: name_order(unit.name))


def user_ids_with_role(*, session: Session, unit: Unit, role: Role = Role.LEADER) -> list[str]:
    """Slack user ids holding `role` in `unit`."""
    query = (
        select(Person.slack_user_id)
        .join(Membership, col(Membership.person_id) == col(Person.id))
        .where(Membership.unit_id == unit.id, Membership.role == role)
    )
    return sorted(uid for uid in session.exec(query) if uid)


def is_staff(*, session: Session, slack_user_id: str, staff_users: frozenset[str]) -> bool:
    """Staff are the users named in PLANBOT_STAFF_USERS and those given the staff role."""
    if slack_user_id in staff_users:
        return True
    query = (
        select(Membership.id)
        .join(Person, col(Person.id) == col(Membership.person_id))
        .where(Person.slack_user_id == slack_user_id, Membership.role == Role.STAFF)
    )
    return session.exec(query).first() is not None
