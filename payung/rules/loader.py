"""Read and validate every parameter file into an immutable tree, once."""

import functools
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

# libyaml's parser where PyYAML has it (its wheels do): the same safe constructors, eight times
# faster, and every command reads all the parameter files when it starts.
try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

from payung.rules.errors import ParameterError
from payung.rules.model import Parameter, ParameterTree, ParameterValue, Reference, Value

PARAMETERS_DIR = Path(__file__).resolve().parent / "parameters"
REPOSITORY_ROOT = Path(__file__).resolve().parents[2]

NUMERIC_UNITS = frozenset(
    {
        "ratio",
        "ratio_per_month",
        "idr",
        "idr_per_month",
        "idr_per_year",
        "months",
        "years",
        "days",
        "hours",
        "day_of_month",
        "count",
        "monthly_wages",
    }
)
UNITS = NUMERIC_UNITS | {"code", "code_list", "idr_list", "boolean", "date"}
CONFIDENCES = frozenset({"H", "M-H", "M", "L", "unknown"})
FILE_KEYS = frozenset({"description", "unit", "continuous_from", "values"})
VALUE_KEYS = frozenset({"value", "reference", "confidence", "last_reviewed"})
REFERENCE_KEYS = frozenset({"regulation", "article", "where", "note"})


class _DecimalLoader(_SafeLoader):
    """A YAML loader that reads decimal numbers as `Decimal`, never `float`."""


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    return Decimal(str(loader.construct_scalar(node)).replace("_", ""))


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


def _display(path: Path) -> str:
    """The file's path relative to the repository when it lies inside it."""
    try:
        return str(path.resolve().relative_to(REPOSITORY_ROOT))
    except ValueError:
        return str(path)


class _Problem(Exception):
    """A problem in one file, turned into a ParameterError naming the file."""


def _convert(unit: str, raw: Any) -> ParameterValue:
    """The raw YAML value as the Python type its unit requires."""
    if unit in NUMERIC_UNITS:
        if isinstance(raw, bool) or not isinstance(raw, int | Decimal):
            raise _Problem(f"value {raw!r} is not a number (unit {unit})")
        number = Decimal(raw)
        if number < 0:
            raise _Problem(f"value {raw!r} is negative")
        return number
    if unit == "code":
        if not isinstance(raw, str) or not raw:
            raise _Problem(f"value {raw!r} is not a code (text)")
        return raw
    if unit == "boolean":
        if not isinstance(raw, bool):
            raise _Problem(f"value {raw!r} is not true or false")
        return raw
    if unit == "date":
        if not isinstance(raw, date):
            raise _Problem(f"value {raw!r} is not a date (YYYY-MM-DD)")
        return raw
    if not isinstance(raw, list):
        raise _Problem(f"value {raw!r} is not a list (unit {unit})")
    if unit == "code_list":
        if not all(isinstance(item, str) for item in raw):
            raise _Problem(f"value {raw!r} is not a list of codes")
        return tuple(raw)
    if not all(isinstance(item, int | Decimal) and not isinstance(item, bool) for item in raw):
        raise _Problem(f"value {raw!r} is not a list of amounts")
    return tuple(Decimal(item) for item in raw)


def _reference(raw: Any, start: date) -> Reference:
    if not isinstance(raw, dict):
        raise _Problem(f"value from {start} has no reference (regulation, article, where)")
    unknown = set(raw) - REFERENCE_KEYS
    if unknown:
        raise _Problem(f"value from {start}: unknown reference keys {sorted(unknown)}")
    fields = {key: raw.get(key) or "" for key in REFERENCE_KEYS}
    if not all(isinstance(text, str) for text in fields.values()):
        raise _Problem(f"value from {start}: reference fields must be text")
    if not fields["regulation"] or not fields["where"]:
        raise _Problem(f"value from {start}: reference needs a regulation and where to read it")
    return Reference(**fields)


def _value(unit: str, start: Any, raw: Any, previous: date | None) -> Value:
    if not isinstance(start, date):
        raise _Problem(f"key {start!r} is not a date (YYYY-MM-DD)")
    if previous is not None and start <= previous:
        raise _Problem(f"dates are not sorted: {start} comes after {previous}")
    if not isinstance(raw, dict):
        raise _Problem(f"value from {start} must be a mapping with value, reference, ...")
    missing = VALUE_KEYS - set(raw)
    if missing:
        raise _Problem(f"value from {start} lacks {sorted(missing)}")
    unknown = set(raw) - VALUE_KEYS
    if unknown:
        raise _Problem(f"value from {start}: unknown keys {sorted(unknown)}")
    confidence = str(raw["confidence"])
    if confidence not in CONFIDENCES:
        raise _Problem(
            f"value from {start}: unknown confidence {confidence!r} "
            f"(one of {', '.join(sorted(CONFIDENCES))})"
        )
    reviewed = raw["last_reviewed"]
    if not isinstance(reviewed, date):
        raise _Problem(f"value from {start}: last_reviewed is not a date")
    try:
        value = None if raw["value"] is None else _convert(unit, raw["value"])
    except InvalidOperation as error:
        raise _Problem(f"value from {start} is not a number") from error
    except _Problem as error:
        raise _Problem(f"value from {start}: {error}") from error
    return Value(
        start=start,
        value=value,
        reference=_reference(raw["reference"], start),
        confidence=confidence,
        last_reviewed=reviewed,
    )


def _parameter(path: str, data: Any, source: str) -> Parameter:
    if not isinstance(data, dict):
        raise _Problem("the file must be a mapping with description, unit and values")
    unknown = set(data) - FILE_KEYS
    if unknown:
        raise _Problem(f"unknown keys {sorted(unknown)}")
    for key in ("description", "unit", "values"):
        if not data.get(key):
            raise _Problem(f"missing {key}")
    unit = data["unit"]
    if unit not in UNITS:
        raise _Problem(f"unknown unit {unit!r} (one of {', '.join(sorted(UNITS))})")
    if not isinstance(data["values"], dict):
        raise _Problem("values must map effective dates to values")
    values: list[Value] = []
    for start, raw in data["values"].items():
        values.append(_value(unit, start, raw, values[-1].start if values else None))
    continuous_from = data.get("continuous_from")
    if continuous_from is not None:
        if not isinstance(continuous_from, date):
            raise _Problem("continuous_from is not a date")
        if values[0].start > continuous_from:
            raise _Problem(
                f"series must be continuous from {continuous_from}; starts {values[0].start}"
            )
        ended = [value.start for value in values if value.value is None]
        if ended:
            raise _Problem(f"series must be continuous from {continuous_from}; ends at {ended[0]}")
    return Parameter(
        path=path,
        description=str(data["description"]),
        unit=unit,
        values=tuple(values),
        source=source,
        continuous_from=continuous_from,
    )


def read_parameter(file: Path, directory: Path) -> Parameter:
    """Read and validate one parameter file; raise ParameterError naming it."""
    source = _display(file)
    path = file.relative_to(directory).with_suffix("").as_posix()
    try:
        data = yaml.load(file.read_text(encoding="utf-8"), Loader=_DecimalLoader)
        return _parameter(path, data, source)
    except yaml.YAMLError as error:
        message = " ".join(str(error).split())
        raise ParameterError(f"{source}: not valid YAML: {message}") from error
    except _Problem as error:
        raise ParameterError(f"{source}: {error}") from error


def load_parameters(directory: Path | None = None) -> ParameterTree:
    """Every parameter under `directory` (default: the package's), validated, read once."""
    return _load(Path(directory) if directory is not None else PARAMETERS_DIR)


@functools.cache
def _load(directory: Path) -> ParameterTree:
    """Every parameter under `directory`, validated; cached per directory."""
    files = sorted(directory.rglob("*.yaml"))
    if not files:
        raise ParameterError(f"{_display(directory)}: no parameter files")
    parameters = {}
    for file in files:
        parameter = read_parameter(file, directory)
        parameters[parameter.path] = parameter
    return ParameterTree(parameters, directory=_display(directory))
