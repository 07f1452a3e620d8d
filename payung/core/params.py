"""API parameters that fit the database: ids and offsets are 64-bit integers there, and text
holds no NUL character.

A larger integer in a filter or an offset made SQLite raise OverflowError or "datatype
mismatch" (a server error for what is only a bad request), and a NUL in a region code made
PostgreSQL refuse the query. Declared with these bounds, such a value is refused as invalid
input (422) and the OpenAPI schema says so.
"""

from typing import Annotated

from ninja import Field, Schema
from ninja.conf import settings as ninja_settings
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator
from pydantic import Field as PydanticField
from pydantic_core import PydanticCustomError

BIGINT_MAX = 2**63 - 1
# Far beyond any list; offset + limit still fits a 64-bit integer.
OFFSET_MAX = 2**62

# A database id (an auto-incremented primary key, so at least 1).
DatabaseId = Annotated[int, PydanticField(ge=1, le=BIGINT_MAX)]


def _without_nul(text: str) -> str:
    if "\x00" in text:
        raise PydanticCustomError("nul_character", "NUL character")
    return text


# Text in a path (a region code, a token): PostgreSQL's text cannot hold a NUL character, so
# one is refused as invalid input instead of failing in the database. (Query strings, forms
# and JSON bodies are checked by the API's parser.)
PathText = Annotated[str, AfterValidator(_without_nul)]


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """ninja's limit/offset pagination with an offset the database can take."""

    class Input(Schema):
        limit: int = Field(
            ninja_settings.PAGINATION_PER_PAGE, ge=1, le=ninja_settings.PAGINATION_MAX_LIMIT
        )
        offset: int = Field(0, ge=0, le=OFFSET_MAX)
