"""Every error eurasec raises on purpose, with a stable code.

Hierarchy::

    EurasecError                     base; has ``code`` and a one-line ``message``
    ├── InputError                   the caller gave something malformed or out of range
    │   ├── NotFound                 an id that does not exist (with close matches)
    │   ├── ValidationFailed         a document breaks its schema
    │   ├── RequestTooLarge          a request body or URL over the configured limit
    │   └── UnsafePath               a file name that would escape its directory
    ├── ConfigurationError           settings, missing extras, unusable database URL
    ├── Unavailable                  the service cannot answer now (database busy or away)
    ├── RecordError                  the verifiable record refused or detected something
    │   ├── SignatureInvalid
    │   ├── RecordTampered
    │   └── ForkDetected
    ├── AuthorityError               a party acted where it has no right to
    ├── InstitutionRuleError         an act breaks a rule of the Charter, Forum, Fund or Office
    │   └── LedgerUnbalanced
    └── AnalysisError                a model cannot be computed on these inputs

Each boundary maps these once: the CLI prints ``error[code]: message`` and exits 1 (2 for
usage); the web layer answers RFC 9457 problem details (``type``, ``title``, ``status``,
``detail``, ``instance`` and the ``code``) with the HTTP status from :data:`HTTP_STATUS`.
Every code is documented in ``docs/errors.md`` (a test checks it).

Modules add codes by passing ``code=...``; the codes in use are collected in
:data:`ERROR_CODES`, which a test compares with the documentation.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

__all__ = [
    "DOCS_URL",
    "ERROR_CODES",
    "HTTP_STATUS",
    "AnalysisError",
    "AuthorityError",
    "ConfigurationError",
    "EurasecError",
    "ForkDetected",
    "InputError",
    "InstitutionRuleError",
    "LedgerUnbalanced",
    "NotFound",
    "RecordError",
    "RecordTampered",
    "RequestTooLarge",
    "SignatureInvalid",
    "Unavailable",
    "UnsafePath",
    "ValidationFailed",
    "suggest",
]

DOCS_URL = "docs/errors.md"

#: Every stable error code with a one-line meaning. Add a code here when you raise a new one;
#: ``tests/test_errors.py`` checks that each is documented in ``docs/errors.md``.
ERROR_CODES: dict[str, str] = {
    "invalid_input": "malformed or out-of-range input",
    "not_found": "an id that does not exist",
    "validation_failed": "a document breaks its schema",
    "configuration": "unusable settings or a missing optional extra",
    "record_error": "the record refused a statement",
    "signature_invalid": "a signature does not verify",
    "record_tampered": "stored history does not verify",
    "fork_detected": "two checkpoints that cannot both be true",
    "not_authorised": "a party acted where it has no right to",
    "rule_violation": "an act breaks an institutional rule",
    "ledger_unbalanced": "a fund transaction does not balance",
    "duplicate_act": "an act that was already done (a second signature, vote or id)",
    "not_open": "the Charter is not open for this act (not adopted, or signature closed)",
    "not_signatory": "ratification or confirmation by an actor that has not signed",
    "not_in_force": "an act that needs the Charter in force (accession) came before it",
    "project_cap_reached": "approving the project would exceed the cap on active projects",
    "appraisal_failed": "the project has not passed appraisal",
    "no_covering_decision": "no adopted Forum decision covers the act",
    "over_budget": "the payment exceeds what the covering decision allocated",
    "insufficient_funds": "the Fund does not hold the money the act needs",
    "exceeds_pledge": "a contribution larger than the party's outstanding pledges",
    "milestone_missing": "a tranche released before the milestone it depends on",
    "analysis_error": "a model cannot be computed on these inputs",
    "record_malformed": "a statement breaks the statement format",
    "record_noncanonical": "a statement is not in RFC 8785 canonical form",
    "record_oversize": "a statement is larger than the record accepts",
    "record_unknown_key": "the signing key is not registered for the acting party",
    "record_key_revoked": "the signing key was revoked or rotated away",
    "record_weak_key": "a public key offered for registration is weak",
    "record_bad_sequence": "a sequence number was reused or skipped",
    "record_unknown_type": "no handler accepts this statement type",
    "proof_request_invalid": "a proof or entry range request is out of bounds",
    "checkpoint_invalid": "a checkpoint note is malformed or its signature does not verify",
    "request_too_large": "a request body over the configured limit",
    "uri_too_long": "a request URL over the configured limit",
    "unsafe_path": "a file name that would escape its directory",
    "record_wrong_log": "a statement that names another log, or no log at all",
    "record_time_skew": "a statement dated outside the log clock's tolerance",
    "record_time_order": "a statement dated before its actor's previous statement",
    "record_genesis_refused": "a genesis entry submitted as a statement",
    "record_handler_failed": "a statement whose checks failed unexpectedly; refused",
    "voting_open": "a Forum decision taken before its voting period ended",
    "no_quorum": "a Forum decision taken with too few members voting",
    "mirror_bad_response": "a mirrored node answered malformed, oversize or too slowly",
    "mirror_rollback": "a mirrored log shows a checkpoint older than one already seen",
    "method_not_allowed": "the resource does not answer this HTTP method",
    "internal_error": "the server failed to answer (a bug; the server logs it)",
    "schema_outdated": "the database lacks migrations this version needs (`eurasec db upgrade`)",
    "schema_newer": "the database was migrated by a newer version of eurasec",
    "database_unavailable": "the database did not answer in time or went away; retry",
    "not_ready": "the server cannot serve yet (database or schema not usable)",
}

#: HTTP status for each error class (most specific class wins).
HTTP_STATUS: dict[str, int] = {
    "NotFound": 404,
    "RequestTooLarge": 413,
    "ValidationFailed": 422,
    "InputError": 422,
    "AuthorityError": 403,
    "ForkDetected": 409,
    "RecordTampered": 500,
    "SignatureInvalid": 422,
    "RecordError": 422,
    "InstitutionRuleError": 409,
    "AnalysisError": 422,
    "ConfigurationError": 500,
    "Unavailable": 503,
    "EurasecError": 400,
}


class EurasecError(Exception):
    """Base of every error eurasec raises on purpose."""

    default_code: ClassVar[str] = "invalid_input"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        """Make an error with a one-line message and a stable code."""
        self.code = code or self.default_code
        if self.code not in ERROR_CODES:
            raise ValueError(f"undocumented error code {self.code!r}")
        self.message = " ".join(message.split())
        super().__init__(self.message)

    @property
    def http_status(self) -> int:
        """The HTTP status the web layer answers with."""
        for cls in type(self).__mro__:
            if cls.__name__ in HTTP_STATUS:
                return HTTP_STATUS[cls.__name__]
        return 400

    def to_problem(self) -> dict[str, str]:
        """The problem-JSON body for this error."""
        return {
            "code": self.code,
            "message": self.message,
            "docs_url": f"{DOCS_URL}#{self.code.replace('_', '-')}",
        }


class InputError(EurasecError):
    """The caller gave something malformed or out of range."""


class NotFound(InputError):
    """An id that does not exist; the message names the closest valid ids."""

    default_code = "not_found"

    def __init__(
        self,
        kind: str,
        value: str,
        candidates: Iterable[str] = (),
        *,
        code: str | None = None,
        detail: str | None = None,
    ) -> None:
        """Say that ``value`` is not a known ``kind``, suggesting close ``candidates``.

        ``detail`` replaces the message where "unknown kind 'value'" would not say it.
        """
        hint = suggest(value, candidates)
        extra = f"; did you mean {', '.join(hint)}?" if hint else ""
        self.kind = kind
        self.value = value
        super().__init__(detail or f"unknown {kind} {value!r}{extra}", code=code)


class ValidationFailed(InputError):
    """A document breaks its schema."""

    default_code = "validation_failed"


class RequestTooLarge(InputError):
    """A request body (or, with code ``uri_too_long``, its URL) is over the configured limit."""

    default_code = "request_too_large"


class UnsafePath(InputError):
    """A file name or archive member that would escape the directory it belongs in."""

    default_code = "unsafe_path"


class ConfigurationError(EurasecError):
    """Settings are unusable or an optional extra is missing."""

    default_code = "configuration"


class Unavailable(EurasecError):
    """The service cannot answer now: the database is busy, away, or not yet usable; retry."""

    default_code = "database_unavailable"


class RecordError(EurasecError):
    """The verifiable record refused a statement."""

    default_code = "record_error"


class SignatureInvalid(RecordError):
    """A signature does not verify."""

    default_code = "signature_invalid"


class RecordTampered(RecordError):
    """Stored history does not verify."""

    default_code = "record_tampered"


class ForkDetected(RecordError):
    """Two checkpoints that cannot both be true."""

    default_code = "fork_detected"


class AuthorityError(EurasecError):
    """A party acted where it has no right to."""

    default_code = "not_authorised"


class InstitutionRuleError(EurasecError):
    """An act breaks a rule of the Charter, Forum, Fund or Project Office."""

    default_code = "rule_violation"


class LedgerUnbalanced(InstitutionRuleError):
    """A fund transaction does not balance."""

    default_code = "ledger_unbalanced"


class AnalysisError(EurasecError):
    """A model cannot be computed on these inputs."""

    default_code = "analysis_error"


def suggest(value: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    """The candidates closest to ``value`` (case-insensitive), best first."""
    from rapidfuzz import fuzz, process, utils

    pool = list(dict.fromkeys(candidates))
    if not pool:
        return []
    upper = value.upper()
    exact = [c for c in pool if c.upper() == upper]
    if exact:
        return exact[:limit]
    found = process.extract(
        value,
        pool,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=limit,
        score_cutoff=60,
    )
    return [str(match) for match, _score, _idx in found]
