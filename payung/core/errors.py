"""Refusals with a stable machine-readable code and a message in Indonesian and English."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Refusal:
    """One reason a value or an action was refused."""

    code: str
    message_id: str
    message_en: str
    field: str = ""

    @property
    def message(self) -> str:
        """Both languages, Indonesian first, as shown where the reader's language is unknown."""
        return f"{self.message_id} / {self.message_en}"

    def as_dict(self) -> dict[str, str]:
        """A JSON-ready form for the API and the CLI."""
        return {
            "code": self.code,
            "field": self.field,
            "message": self.message,
            "message_id": self.message_id,
            "message_en": self.message_en,
        }


class DomainError(Exception):
    """A service refused an action; `refusals` says why, each with a stable code."""

    def __init__(self, *refusals: Refusal) -> None:
        self.refusals = refusals
        super().__init__("; ".join(f"[{r.code}] {r.message}" for r in refusals))

    @property
    def code(self) -> str:
        """The first refusal's code, the one most callers branch on."""
        return self.refusals[0].code


def refusal_body(*refusals: Refusal) -> dict[str, object]:
    """The API's refusal shape: the first refusal's fields, and every refusal under `refusals`."""
    return {**refusals[0].as_dict(), "refusals": [r.as_dict() for r in refusals]}
