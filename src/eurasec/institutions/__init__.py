"""The institutions of the architecture, as projections of signed acts on the record.

Charter and accession, Forum, Working Group, Security Fund, Project Office, consultations;
plus the principle crosswalk and the sandbox. Every act is a signed statement appended to the
record; each module's handler checks the act against the rules (:mod:`.parameters`) and
updates its projection tables, and :meth:`~eurasec.record.log.Record.rebuild` replays the log
into the same state.

Usage docs: ``docs/concepts/institutions.md``.
"""

from __future__ import annotations

from eurasec.institutions._act import Handler, get_rules
from eurasec.institutions.charter import CharterHandler
from eurasec.institutions.configuration import ConfigurationHandler
from eurasec.institutions.consultation import ConsultationHandler
from eurasec.institutions.forum import ForumHandler
from eurasec.institutions.fund.acts import FundHandler
from eurasec.institutions.parameters import DEFAULT_RULES, Rules
from eurasec.institutions.projects import ProjectsHandler
from eurasec.institutions.working_group import WorkingGroupHandler

__all__ = ["ACT_TYPES", "DEFAULT_RULES", "Rules", "get_rules", "handlers"]


def handlers() -> list[Handler]:
    """One fresh handler per institution, for :class:`~eurasec.record.log.Record`."""
    return [
        ConfigurationHandler(),
        CharterHandler(),
        ForumHandler(),
        WorkingGroupHandler(),
        FundHandler(),
        ProjectsHandler(),
        ConsultationHandler(),
    ]


#: Every act type the institutions handle.
ACT_TYPES: frozenset[str] = frozenset(t for h in handlers() for t in h.types)
