"""Every institutional rule as a named, documented, configurable parameter.

The defaults are those of the architecture's plan (see ``docs/concepts/institutions.md``).
A store fixes its rules with one ``institutions.configure`` act, signed by the secretariat
before any other institutional act, so that replaying the record always applies the same rules.
Without that act the defaults apply.

Usage docs: ``docs/concepts/institutions.md``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from eurasec.errors import InputError

__all__ = [
    "DECISION_RULES",
    "DEFAULT_QUORUM",
    "DEFAULT_RULES",
    "DEFAULT_VOTING_PERIOD_DAYS",
    "PROGRAMME_LINES",
    "RUBRIC",
    "Rules",
    "rules_from_json",
]

#: The five programme lines of the Project Office (id → label).
PROGRAMME_LINES: dict[str, str] = {
    "humanitarian_relief": "Humanitarian relief",
    "mediation": "Mediation of a specific conflict",
    "financial_settlement": "Secure financial settlement",
    "disaster_relief": "Joint disaster relief",
    "digital_security": "Digital security",
}

#: Appraisal rubric: criterion → (weight, question). Each criterion is scored 0-4.
RUBRIC: dict[str, tuple[int, str]] = {
    "relevance": (3, "Does it serve equal and indivisible security in its programme line?"),
    "feasibility": (2, "Can it be delivered with the budget, partners and time proposed?"),
    "value_for_money": (2, "Is the cost reasonable for the expected result?"),
    "inclusiveness": (2, "Do several parties take part in it or benefit from it?"),
    "measurability": (1, "Are its milestones and results verifiable?"),
}

#: The decision rules the Forum knows: ``consensus`` (adopted if no member objects),
#: ``majority`` (more supports than objections), ``two_thirds`` (at least two thirds of the
#: votes cast other than abstentions support).
DECISION_RULES = ("consensus", "majority", "two_thirds")

#: Quorum per decision rule: the least share of the Forum's members (on the day of the
#: decision) who must have voted, abstentions included. Half for consensus and majority, as
#: in most assemblies ("a majority of the members constitutes a quorum"); two thirds for
#: ``two_thirds``, so that two thirds of the votes cannot be a third of the members.
DEFAULT_QUORUM: dict[str, float] = {"consensus": 0.5, "majority": 0.5, "two_thirds": 2 / 3}
#: Least days between a proposal coming before a convened session and its decision, per
#: rule, unless every member has voted: two weeks for every member to read, consult its
#: capital and vote (an objection under consensus needs the same time as a vote).
DEFAULT_VOTING_PERIOD_DAYS: dict[str, int] = {"consensus": 14, "majority": 14, "two_thirds": 14}


@dataclass(frozen=True)
class Rules:
    """The configurable rules of the Charter, Forum, Working Group, Fund and Project Office."""

    #: Instruments of ratification (states) or formal confirmation (organisations) needed for
    #: the Charter to enter into force.
    ratifications_for_entry_into_force: int = 3
    #: Days between the instrument that completes the count and entry into force.
    entry_into_force_delay_days: int = 0
    #: Months between a notice of withdrawal and the day it takes effect.
    withdrawal_notice_months: int = 12
    #: Whether signature closes at entry into force (newcomers then accede).
    signature_closes_at_entry_into_force: bool = True
    #: Months between regular Forum sessions.
    forum_interval_months: int = 12
    #: A regular session may be held this many days before the interval has fully passed.
    forum_interval_tolerance_days: int = 30
    #: The rule for decision kinds not named in ``decision_rules``.
    default_decision_rule: str = "consensus"
    #: Decision rule per decision kind (e.g. ``{"fund.allocate": "two_thirds"}``).
    decision_rules: Mapping[str, str] = field(default_factory=dict)
    #: Least share of the members who must have voted for a decision, per decision rule.
    decision_quorum: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_QUORUM))
    #: Least days a proposal stays open to votes, per decision rule (unless all have voted).
    voting_period_days: Mapping[str, int] = field(
        default_factory=lambda: dict(DEFAULT_VOTING_PERIOD_DAYS)
    )
    #: Most projects active (approved, not closed) at once.
    project_cap: int = 5
    #: Lowest weighted appraisal score (share of the maximum) for a project to be approvable.
    appraisal_pass_share: float = 0.6
    #: Programme lines a project may belong to.
    programme_lines: tuple[str, ...] = tuple(PROGRAMME_LINES)
    #: Days a respondent has to reply to a consultation unless the raiser sets a deadline.
    consultation_reply_days: int = 30
    #: Lowest share of an assessed budget charged to one party.
    assessed_floor: float = 0.01
    #: Highest share of an assessed budget charged to one party (the UN regular-budget ceiling).
    assessed_ceiling: float = 0.22
    #: The actor that keeps the Fund's books and runs the Project Office.
    secretariat: str = "SECRETARIAT"

    def __post_init__(self) -> None:
        """Reject rules that cannot work."""
        checks = [
            (self.ratifications_for_entry_into_force >= 1, "ratifications_for_entry_into_force"),
            (self.entry_into_force_delay_days >= 0, "entry_into_force_delay_days"),
            (self.withdrawal_notice_months >= 0, "withdrawal_notice_months"),
            (self.forum_interval_months >= 1, "forum_interval_months"),
            (self.forum_interval_tolerance_days >= 0, "forum_interval_tolerance_days"),
            (self.project_cap >= 1, "project_cap"),
            (0.0 <= self.appraisal_pass_share <= 1.0, "appraisal_pass_share"),
            (self.consultation_reply_days >= 1, "consultation_reply_days"),
            (0.0 <= self.assessed_floor <= self.assessed_ceiling <= 1.0, "assessed_floor/ceiling"),
            (set(self.programme_lines) <= set(PROGRAMME_LINES), "programme_lines"),
            (bool(self.secretariat), "secretariat"),
        ]
        for ok, name in checks:
            if not ok:
                raise InputError(f"rule {name} is out of range")
        for kind, rule in {"*": self.default_decision_rule, **self.decision_rules}.items():
            if rule not in DECISION_RULES:
                raise InputError(
                    f"decision rule {rule!r} for {kind} is not one of {', '.join(DECISION_RULES)}"
                )
        if set(self.decision_quorum) != set(DECISION_RULES) or not all(
            type(q) in (int, float) and 0.0 < q <= 1.0 for q in self.decision_quorum.values()
        ):
            raise InputError(f"decision_quorum needs a share in (0, 1] for {DECISION_RULES}")
        if set(self.voting_period_days) != set(DECISION_RULES) or not all(
            type(d) is int and 0 <= d <= 366 for d in self.voting_period_days.values()
        ):
            raise InputError(f"voting_period_days needs 0-366 days for each of {DECISION_RULES}")

    def decision_rule(self, kind: str) -> str:
        """The rule the Forum applies to decisions of ``kind``."""
        return self.decision_rules.get(kind, self.default_decision_rule)

    def quorum(self, rule: str, members: int) -> int:
        """How many of ``members`` must have voted for a decision under ``rule``."""
        return max(1, math.ceil(self.decision_quorum[rule] * members - 1e-9))

    def to_json(self) -> dict[str, Any]:
        """The rules as a JSON object (the payload of ``institutions.configure``)."""
        data = asdict(self)
        data["programme_lines"] = list(self.programme_lines)
        data["decision_rules"] = dict(self.decision_rules)
        data["voting_period_days"] = dict(self.voting_period_days)
        # Floats are kept as strings so the canonical (RFC 8785) form is exact.
        for name in ("appraisal_pass_share", "assessed_floor", "assessed_ceiling"):
            data[name] = repr(float(data[name]))
        data["decision_quorum"] = {k: repr(float(v)) for k, v in self.decision_quorum.items()}
        return data


DEFAULT_RULES = Rules()


def rules_from_json(data: Mapping[str, Any] | str | None) -> Rules:
    """Rules from a JSON object (missing names keep their defaults); unknown names are errors."""
    if data is None:
        return DEFAULT_RULES
    if isinstance(data, str):
        data = json.loads(data)
        assert isinstance(data, Mapping)
    known = {f.name for f in fields(Rules)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise InputError(f"unknown rule(s): {', '.join(unknown)}")
    values: dict[str, Any] = dict(data)
    try:
        for name in ("appraisal_pass_share", "assessed_floor", "assessed_ceiling"):
            if name in values:
                values[name] = float(values[name])
        if "programme_lines" in values:
            values["programme_lines"] = tuple(values["programme_lines"])
        if "decision_rules" in values:
            values["decision_rules"] = dict(values["decision_rules"])
        if "decision_quorum" in values:
            given = {k: float(v) for k, v in dict(values["decision_quorum"]).items()}
            values["decision_quorum"] = {**DEFAULT_QUORUM, **given}
        if "voting_period_days" in values:
            values["voting_period_days"] = {
                **DEFAULT_VOTING_PERIOD_DAYS,
                **dict(values["voting_period_days"]),
            }
        return replace(DEFAULT_RULES, **values)
    except (TypeError, ValueError) as exc:
        raise InputError(f"invalid rules: {exc}") from None
