"""Transport-neutral content of what Planbot sends: a nudge, and the action ids of its buttons.

The nudge engine (schedules/) fills a NudgeMessage; Slack (handlers/blocks.py) and Teams
(schedules/teams_cards.py) render the same content, so both say the same words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.texts import t

# Block Kit action ids of nudge buttons (also the `action` of a Teams signed link).
ACTION_DONE = "planbot_done"
ACTION_SNOOZE = "planbot_snooze"
ACTION_EXEMPT = "planbot_exempt"
# *Lever*: hand in what the deadline asks for (replaces *Ferdig* on such deadlines).
ACTION_DELIVER = "planbot_deliver"
ACTION_ANNUAL_MEETING = "planbot_annual_meeting_date"  # a date picker: the annual meeting's date
ACTION_NEW_LEADER = "planbot_new_leader"  # a user picker: who leads the unit after the meeting
ACTION_SAME_LEADER = "planbot_same_leader"  # the same leader goes on
# The words on each nudge button (keys of bot.texts), the one set Slack's blocks and Teams' cards
# use. Slack answers the questions with pickers (the date picker shows its words; the user picker
# comes with *Samme leder*); Teams with a link button to a page that asks.
BUTTON_TEXT = {
    ACTION_DONE: "button.done",
    ACTION_SNOOZE: "button.snooze",
    ACTION_EXEMPT: "button.exempt",
    ACTION_DELIVER: "deliver.button",
    ACTION_ANNUAL_MEETING: "question.annual_meeting.pick",
    ACTION_NEW_LEADER: "question.new_leader.answer",
    ACTION_SAME_LEADER: "question.new_leader.same",
}
# The questions' actions: pickers in Slack, never a plain row of buttons.
QUESTION_ACTIONS = (ACTION_ANNUAL_MEETING, ACTION_NEW_LEADER, ACTION_SAME_LEADER)
# The buttons that do what the nudge asks for, shown as the main one (Slack "primary", Teams
# "positive").
PRIMARY_ACTIONS = (ACTION_DONE, ACTION_DELIVER)
# Buttons only staff may use: left out of a direct message to a unit's leader, where no staff
# member can press them (Teams cards never carry them).
STAFF_ONLY_ACTIONS = (ACTION_EXEMPT,)

# The `event_type` of Slack message metadata on every post of the bot.
METADATA_EVENT_TYPE = "planbot_nudge"

# Answers to what a person just did (the receipt for a hand-in, or why it failed) go through the
# outbox like nudges, so they are sent once and survive a restart; unlike nudges they go at once,
# whatever the hour, since the person is waiting for them. Their rules begin with REPLY_PREFIX.
REPLY_PREFIX = "reply."
RECEIPT_RULE = "reply.deliver"


def is_reply(rule: str) -> bool:
    """Whether an outbox row answers a person's own action (sent at once, shown as plain text)."""
    return rule.startswith(REPLY_PREFIX)


@dataclass(frozen=True)
class NudgeMessage:
    """What one nudge says to one target, already in the target's language."""

    idempotency_key: str
    rule: str
    language: str
    event_id: int
    event_title: str
    event_kind: str
    when_text: str
    headline: str
    details: tuple[str, ...] = ()
    nudge_id: int | None = None
    unit_id: int | None = None
    unit_name: str | None = None
    obligation_id: int | None = None
    buttons: tuple[str, ...] = ()
    units_open: tuple[str, ...] = field(default=())
    url: str | None = None

    @property
    def link_text(self) -> str:
        """The words of the event's link button: join a meeting, else open the link."""
        return t(
            "nudge.link.meeting" if self.event_kind == "meeting" else "nudge.link", self.language
        )

    @property
    def fallback_text(self) -> str:
        """Plain text for notifications and clients without blocks."""
        return self.headline
