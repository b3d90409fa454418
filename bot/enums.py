"""The fixed choices of the plan: unit kinds, roles, event kinds and states, obligation states."""

from __future__ import annotations

from enum import StrEnum


class UnitKind(StrEnum):
    MUNICIPAL = "municipal"
    COUNTY = "county"
    OTHER = "other"


class Role(StrEnum):
    """Roles that decide who may do what and who is invited to what."""

    STAFF = "staff"
    LEADER = "leader"
    MAYOR = "mayor"
    DEPUTY_MAYOR = "deputy_mayor"
    GROUP_LEADER = "group_leader"
    MEMBERSHIP_OFFICER = "membership_officer"
    CAMPAIGN_LEADER = "campaign_leader"
    DIGITAL_OFFICER = "digital_officer"


class EventKind(StrEnum):
    DEADLINE = "deadline"
    MEETING = "meeting"
    CAMPAIGN = "campaign"
    TRAINING = "training"
    ANNUAL_MEETING = "annual_meeting"
    CONFERENCE = "conference"
    OTHER = "other"


class EventState(StrEnum):
    TENTATIVE = "tentative"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"


class Deliverable(StrEnum):
    """What a per-unit deadline asks each unit to hand in."""

    NONE = "none"
    TEXT = "text"
    FILES = "files"
    TEXT_OR_FILES = "text_or_files"


class ObligationState(StrEnum):
    OPEN = "open"
    DONE = "done"
    EXEMPT = "exempt"
