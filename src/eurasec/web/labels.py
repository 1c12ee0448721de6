"""Words for the values the core reports as identifiers: act types, domains, dimensions, codes.

The core speaks in stable identifiers (``fund.allocate``, ``military_personnel``,
``not_found``); a page shows a reader's words instead, in the reader's language. Each table maps
an identifier to an English label marked with :func:`~eurasec.web.i18n.N_` (so ``pybabel
extract`` collects it) and is translated where it is shown, through :func:`labels`. An
identifier missing from a table is shown as it is, so a new value never breaks a page (and the
browser tests' untranslated-string check finds it).

Usage docs: ``docs/concepts/web.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from eurasec.web.i18n import N_

__all__ = [
    "ACT_TITLES",
    "DIMENSION_LABELS",
    "DOMAIN_LABELS",
    "ERROR_MEANINGS",
    "MEASURE_LABELS",
    "PURPOSE_LABELS",
    "RUBRIC_LABELS",
    "SCENARIO_LABELS",
    "act_title",
    "actor_label",
    "labels",
]

#: What an act does, in a reader's words (by statement type).
ACT_TITLES: dict[str, str] = {
    "log.genesis": N_("The log is founded"),
    "key.register": N_("A party's key is registered"),
    "key.rotate": N_("A key is replaced"),
    "key.revoke": N_("A key is revoked"),
    "institutions.configure": N_("The institutions' rules are set"),
    "charter.negotiate": N_("Joins the drafting of the Charter"),
    "charter.draft": N_("A version of the Charter is published"),
    "charter.round": N_("A consultation round opens"),
    "charter.comment": N_("Comment on an article"),
    "charter.position": N_("Position on the draft"),
    "charter.sign": N_("Signs the Charter"),
    "charter.ratify": N_("Ratifies the Charter"),
    "charter.confirm": N_("Formally confirms the Charter"),
    "charter.accede": N_("Accedes to the Charter"),
    "charter.withdraw": N_("Withdraws from the Charter"),
    "forum.convene": N_("A Forum session is convened"),
    "forum.decline": N_("Declines to host the Forum"),
    "forum.vote": N_("Vote on a proposal"),
    "forum.decide": N_("The Forum decides"),
    "forum.minutes": N_("Minutes of a session"),
    "wg.nominate": N_("Nominates a Working Group member"),
    "wg.agenda": N_("The Working Group proposes an agenda item"),
    "wg.budget": N_("The Working Group proposes a budget"),
    "fund.pledge": N_("Pledges to the Security Fund"),
    "fund.contribute": N_("Contributes to the Security Fund"),
    "fund.allocate": N_("The Fund allocates money"),
    "fund.disburse": N_("The Fund pays out"),
    "project.propose": N_("Proposes a project"),
    "project.appraise": N_("Appraises a project"),
    "project.approve": N_("A project is approved"),
    "project.tranche": N_("A project tranche is released"),
    "project.milestone": N_("Reports a project milestone"),
    "project.result": N_("Reports a project result"),
    "project.close": N_("A project is closed"),
    "consult.raise": N_("Asks another party for consultations"),
    "consult.reply": N_("Replies to a request for consultations"),
    "consult.close": N_("A consultation is closed"),
    # Forum agenda items that are not acts of their own
    "charter.adopt": N_("Adopt the Charter"),
    "resolution": N_("Resolution"),
}
#: The appraisal rubric's criteria: a reader's name and the question each score answers
#: (:data:`eurasec.institutions.parameters.RUBRIC` holds the weights).
RUBRIC_LABELS: dict[str, tuple[str, str]] = {
    "relevance": (
        N_("Relevance"),
        N_("Does it serve equal and indivisible security in its programme line?"),
    ),
    "feasibility": (
        N_("Feasibility"),
        N_("Can it be delivered with the budget, partners and time proposed?"),
    ),
    "value_for_money": (
        N_("Value for money"),
        N_("Is the cost reasonable for the expected result?"),
    ),
    "inclusiveness": (
        N_("Inclusiveness"),
        N_("Do several parties take part in it or benefit from it?"),
    ),
    "measurability": (N_("Measurability"), N_("Are its milestones and results verifiable?")),
}
#: Purposes of Fund allocations other than projects.
PURPOSE_LABELS: dict[str, str] = {
    "forum": N_("the Forum's costs"),
    "office": N_("the Project Office's costs"),
}
#: Domains of power (polarity).
DOMAIN_LABELS: dict[str, str] = {
    "composite": N_("composite (CINC)"),
    "demographic": N_("demographic"),
    "economic": N_("economic"),
    "military": N_("military"),
    "military_personnel": N_("military personnel"),
    "military_expenditure": N_("military expenditure"),
    "asynchrony": N_("asynchrony"),
}
#: Dimensions of security.
DIMENSION_LABELS: dict[str, str] = {
    "military": N_("military"),
    "civil_conflict": N_("civil conflict"),
    "interference": N_("interference"),
    "digital": N_("digital"),
    "economic": N_("economic"),
    "transport": N_("transport and logistics"),
    "humanitarian": N_("humanitarian"),
    "natural_disaster": N_("natural disaster"),
}
#: Shipped simulation scenarios: title and description by name.
SCENARIO_LABELS: dict[str, tuple[str, str]] = {
    "status_quo": (
        N_("Status quo"),
        N_(
            "The Eurasian state system as it is in the inputs' year: existing organisations, "
            "treaties and alliances; no new forum, no Fund projects, no bloc discipline."
        ),
    ),
    "charter_forum": (
        N_("Charter forum"),
        N_(
            "A permanent forum of the Charter's parties meets at regular intervals and offers "
            "good offices: every pair of parties shares one more political organisation with a "
            "settlement organ, whose effect is estimated from 1960–1994."
        ),
    ),
    "fund_projects": (
        N_("Charter forum and Fund projects"),
        N_(
            "The Charter forum plus the Security Fund and its Project Office: one more shared "
            "organisation of the social kind, with the effect estimated for that kind, not an "
            "assumed cut in any friction rate."
        ),
    ),
    "rigid_blocs": (
        N_("Rigid blocs"),
        N_(
            "The status quo formats, but alliances act as blocs: a state's defence-pact "
            "partners join its disputes against the opponent with the probability estimated "
            "from the Cold War (1960–1989)."
        ),
    ),
}
#: Simulation measures.
MEASURE_LABELS: dict[str, str] = {
    "crises": N_("crises per decade"),
    "disputes": N_("militarized disputes per decade"),
    "dyads_in_dispute": N_("dyads in dispute per decade"),
}
#: What each error code means, for the error page (the detail stays in English).
ERROR_MEANINGS: dict[str, str] = {
    "invalid_input": N_("The request has a value that is malformed or out of range."),
    "not_found": N_("There is nothing with this name or number here."),
    "validation_failed": N_("A value in the request does not have the expected form."),
    "not_authorised": N_("This act needs a right that this request does not have."),
    "internal_error": N_("The server failed to answer. Please try again later."),
}


def labels(table: Mapping[str, str], gettext: Callable[[str], str]) -> dict[str, str]:
    """``table`` with each label translated by ``gettext``."""
    return {key: gettext(label) for key, label in table.items()}


def act_title(kind: str, gettext: Callable[[str], str]) -> str:
    """A reader's title of an act or agenda item of type ``kind`` (the id if unknown)."""
    label = ACT_TITLES.get(kind)
    return gettext(label) if label else kind


def actor_label(ident: str, names: Mapping[str, str], gettext: Callable[[str], str]) -> str:
    """A reader's name of an actor of the record: a state or organisation, the secretariat, a
    Working Group member (``W:<party>``), or the log itself; the id where none is known."""
    if ident in names:
        return names[ident]
    if ident == "SECRETARIAT":
        return gettext(N_("Secretariat"))
    if ident.startswith("W:"):
        party = ident.removeprefix("W:")
        return gettext(N_("Working Group member for %(party)s")) % {
            "party": names.get(party, party)
        }
    if ident in ("LOG", "eurasec.log", ""):
        return gettext(N_("the log"))
    return ident
