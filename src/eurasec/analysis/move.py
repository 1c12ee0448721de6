"""The move document: one action by one actor at a date, in a documented JSON schema.

Every move has ``kind``, ``actor`` (ISO 3166 alpha-3) and ``date`` (YYYY-MM-DD); the other
fields depend on the kind:

======================== =====================================================================
kind                     fields
======================== =====================================================================
raise_military_spending  ``percent``: change of military capability, in % (negative lowers)
deploy_forces            ``near``: the state the forces are deployed next to;
                         ``share``: fraction of the actor's forces deployed (0–1)
join_format              ``format``: format code; ``role``: member, associate, observer or
                         dialogue_partner
leave_format             ``format``
sign_treaty              ``treaty``: a name; ``parties``: the other parties; ``defence``: true
                         for a mutual-defence treaty (else it opens a treaty channel);
                         ``obligation``: ``consultation`` or ``nonaggression`` for a
                         non-defence pact with that obligation (optional)
withdraw_treaty          ``treaty``, ``parties``, ``defence``, ``obligation`` as for signing
impose_sanctions         ``targets``: the sanctioned states; ``intensity`` (0–1]
close_transport_route    ``targets``: the states the route served; ``intensity`` (0–1]
======================== =====================================================================

>>> m = parse_move({"kind": "raise_military_spending", "actor": "fra", "date": "2025-01-01",
...                 "percent": 10})
>>> m.actor, m.percent
('FRA', 10.0)

Usage docs: ``docs/concepts/indivisible-security.md``.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)

from eurasec.errors import ValidationFailed

__all__ = [
    "CloseTransportRoute",
    "DeployForces",
    "ImposeSanctions",
    "JoinFormat",
    "LeaveFormat",
    "Move",
    "RaiseMilitarySpending",
    "SignTreaty",
    "WithdrawTreaty",
    "move_schema",
    "parse_move",
]


def _iso3(value: str) -> str:
    code = value.strip().upper()
    if not (2 <= len(code) <= 3 and code.isalpha()):
        raise ValueError(f"{value!r} is not an ISO 3166 alpha-3 code")
    return code


class _MoveBase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    actor: Annotated[str, Field(description="ISO 3166 alpha-3 code of the actor")]
    date: Annotated[dt.date, Field(description="when the move takes effect")]

    @field_validator("actor")
    @classmethod
    def _actor(cls, value: str) -> str:
        return _iso3(value)


class RaiseMilitarySpending(_MoveBase):
    """Raise (or, with a negative percent, cut) military capability."""

    kind: Literal["raise_military_spending"]
    percent: Annotated[float, Field(gt=-100, le=1000, description="change in %")]


class DeployForces(_MoveBase):
    """Station part of the actor's forces next to another state."""

    kind: Literal["deploy_forces"]
    near: Annotated[str, Field(description="ISO3 of the state the forces are deployed next to")]
    share: Annotated[float, Field(gt=0, le=1, description="fraction of the forces deployed")]

    @field_validator("near")
    @classmethod
    def _near(cls, value: str) -> str:
        return _iso3(value)


class JoinFormat(_MoveBase):
    """Join a format (organisation or forum) in a role."""

    kind: Literal["join_format"]
    format: Annotated[str, Field(min_length=1, description="format code (COW IGO code)")]
    role: Literal["member", "associate", "observer", "dialogue_partner"] = "member"


class LeaveFormat(_MoveBase):
    """Leave a format."""

    kind: Literal["leave_format"]
    format: Annotated[str, Field(min_length=1)]


class _TreatyMove(_MoveBase):
    treaty: Annotated[str, Field(min_length=1, description="the treaty's name")]
    parties: Annotated[list[str], Field(min_length=1, description="the other parties (ISO3)")]
    defence: Annotated[bool, Field(description="a mutual-defence treaty")] = False
    obligation: Annotated[
        Literal["consultation", "nonaggression"] | None,
        Field(description="the obligation of a pact without mutual defence"),
    ] = None

    @field_validator("parties")
    @classmethod
    def _parties(cls, value: list[str]) -> list[str]:
        return [_iso3(v) for v in value]

    @model_validator(mode="after")
    def _one_obligation(self) -> _TreatyMove:
        if self.defence and self.obligation is not None:
            raise ValueError("a mutual-defence treaty has no other obligation to name")
        return self


class SignTreaty(_TreatyMove):
    """Sign a treaty with other parties."""

    kind: Literal["sign_treaty"]


class WithdrawTreaty(_TreatyMove):
    """Withdraw from a treaty with other parties."""

    kind: Literal["withdraw_treaty"]


class _TargetedMove(_MoveBase):
    targets: Annotated[list[str], Field(min_length=1, description="the states affected (ISO3)")]
    intensity: Annotated[float, Field(gt=0, le=1, description="how complete, 0–1")] = 1.0

    @field_validator("targets")
    @classmethod
    def _targets(cls, value: list[str]) -> list[str]:
        return [_iso3(v) for v in value]


class ImposeSanctions(_TargetedMove):
    """Impose economic sanctions on states."""

    kind: Literal["impose_sanctions"]


class CloseTransportRoute(_TargetedMove):
    """Close a transport route serving states."""

    kind: Literal["close_transport_route"]


Move = Annotated[
    RaiseMilitarySpending
    | DeployForces
    | JoinFormat
    | LeaveFormat
    | SignTreaty
    | WithdrawTreaty
    | ImposeSanctions
    | CloseTransportRoute,
    Field(discriminator="kind"),
]

_ADAPTER: TypeAdapter[Move] = TypeAdapter(Move)


def parse_move(document: str | bytes | dict[str, Any]) -> Move:
    """A move from JSON text or a dict; :class:`ValidationFailed` with the first problem."""
    try:
        data = json.loads(document) if isinstance(document, str | bytes) else document
    except json.JSONDecodeError as exc:
        raise ValidationFailed(
            f"the move is not valid JSON: {exc.msg} (line {exc.lineno})"
        ) from None
    except UnicodeDecodeError:
        raise ValidationFailed("the move is not UTF-8 text") from None
    except RecursionError:
        raise ValidationFailed("the move is nested too deeply") from None
    try:
        return _ADAPTER.validate_python(data)
    except RecursionError:
        raise ValidationFailed("the move is nested too deeply") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "move"
        raise ValidationFailed(f"invalid move: {where}: {first['msg']}") from None


def move_schema() -> dict[str, Any]:
    """The JSON Schema of a move document."""
    return _ADAPTER.json_schema()
