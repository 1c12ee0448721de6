"""As-of queries over the reference data: members, treaty status, channels, actors, alignment.

The module-level functions use the shared :func:`default_registry` (built once per process);
build a :class:`Registry` yourself, or call :meth:`Registry.with_formats`, to query extra
formats such as the Charter's parties.

>>> from datetime import date
>>> from eurasec import registry
>>> registry.treaty("INF", date(2019, 8, 2)).status
'terminated'
>>> "BLR" in [m.actor for m in registry.members("SCO", date(2024, 7, 4), role="member")]
True

Usage docs: ``docs/concepts/registry.md``.
"""

from __future__ import annotations

from datetime import date

from eurasec.reference.model import Format, State, Treaty
from eurasec.registry.core import (
    ALIGNING_ROLES,
    ORGANISATION_PARTICIPANTS,
    Registry,
    default_registry,
)
from eurasec.registry.views import (
    ActionView,
    ActorView,
    Alignment,
    Channel,
    FormatView,
    Membership,
    ParticipantView,
    TreatyLink,
    TreatyStatus,
    as_dict,
)

__all__ = [
    "ALIGNING_ROLES",
    "ORGANISATION_PARTICIPANTS",
    "ActionView",
    "ActorView",
    "Alignment",
    "Channel",
    "FormatView",
    "Membership",
    "ParticipantView",
    "Registry",
    "TreatyLink",
    "TreatyStatus",
    "actor",
    "alignment",
    "as_dict",
    "channels",
    "default_registry",
    "formats",
    "members",
    "states",
    "treaties",
    "treaty",
]


def members(org: str, as_of: date | None = None, role: str | None = None) -> list[Membership]:
    """The participants of format ``org`` on ``as_of`` (default today)."""
    return default_registry().members(org, as_of, role)


def treaty(treaty_id: str, as_of: date | None = None) -> TreatyStatus:
    """Status, bound parties and actions of treaty ``treaty_id`` on ``as_of``."""
    return default_registry().treaty(treaty_id, as_of)


def channels(a: str, b: str, as_of: date | None = None) -> list[Channel]:
    """The formats and treaties both ``a`` and ``b`` take part in on ``as_of``."""
    return default_registry().channels(a, b, as_of)


def actor(actor_id: str, as_of: date | None = None) -> ActorView:
    """Everything ``actor_id`` belongs to on ``as_of``."""
    return default_registry().actor(actor_id, as_of)


def alignment(a: str, b: str, as_of: date | None = None) -> Alignment:
    """Shared defence commitments and cooperation formats of ``a`` and ``b``."""
    return default_registry().alignment(a, b, as_of)


def states(*, eurasian: bool | None = None) -> list[State]:
    """Every state (id, names, UN region, COW code, ``eurasian`` flag)."""
    return default_registry().states(eurasian=eurasian)


def formats() -> list[Format]:
    """Every format of the shipped data."""
    return default_registry().formats()


def treaties() -> list[Treaty]:
    """Every treaty of the shipped data, with its actions."""
    return default_registry().treaties()
