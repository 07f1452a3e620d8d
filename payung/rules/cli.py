"""The rules' command-line calculators, shared by the management commands and `run()`.

`payung contribution|benefit|simulate ...` are thin management commands over these functions;
`run(argv)` drives the same parsers without Django, for tests and `python -m payung.rules.cli`.
"""

import argparse
import io
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from payung.core.money import parse_amount, rupiah
from payung.rules.errors import RuleError
from payung.rules.formulas import contributions, jkk_death_benefit, jkm_benefit, simulate, stmb

EXIT_USAGE = 2

# JKK risk classes in words (PP 44/2015 Lampiran I), as the command line prints them.
RISK_WORDS = {
    "very_low": "sangat rendah / very low",
    "low": "rendah / low",
    "medium": "sedang / medium",
    "high": "tinggi / high",
    "very_high": "sangat tinggi / very high",
}


def decimal_argument(text: str) -> Decimal:
    """An amount given on the command line: `2000000`, `2.500.000`, `2,500,000`, `2552014.50`."""
    try:
        return parse_amount(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not an amount: {text!r}") from error


def date_argument(text: str) -> date:
    """A date given on the command line as YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from error


def programs_argument(text: str) -> list[str]:
    """Comma-separated program codes, e.g. `jkk,jkm`."""
    return [part.strip().lower() for part in text.split(",") if part.strip()]


def add_contribution_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `payung contribution`."""
    parser.add_argument("--wage", type=decimal_argument, required=True, help="monthly wage (Rp)")
    parser.add_argument(
        "--programs", type=programs_argument, required=True, help="e.g. jkk,jkm,jht,jp"
    )
    parser.add_argument("--risk", default=None, help="JKK risk class, e.g. very_low")
    parser.add_argument("--on", type=date_argument, required=True, help="a day of the month")
    parser.add_argument("--kind", choices=("pu", "bpu"), default="pu")
    parser.add_argument("--employer-kind", default=None, help="e.g. regency_government")
    parser.add_argument("--json", action="store_true", help="print JSON")


def add_benefit_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `payung benefit jkm|jkk-death|stmb`."""
    benefits = parser.add_subparsers(dest="benefit", required=True, metavar="jkm|jkk-death|stmb")
    jkm = benefits.add_parser("jkm", help="JKM benefit for a death not caused by work")
    jkm.add_argument("--death-date", type=date_argument, required=True)
    jkm.add_argument("--contribution-years", type=decimal_argument, default=None)
    jkm.add_argument("--json", action="store_true", help="print JSON")
    death = benefits.add_parser("jkk-death", help="JKK benefit for a death from a work accident")
    death.add_argument(
        "--wage",
        type=decimal_argument,
        default=None,
        help="monthly wage (Rp); without it, the lump sum (a multiple of the wage) is left out",
    )
    death.add_argument("--accident-date", type=date_argument, required=True)
    death.add_argument("--json", action="store_true", help="print JSON")
    incapacity = benefits.add_parser("stmb", help="STMB wage replacement while unable to work")
    incapacity.add_argument("--wage", type=decimal_argument, required=True)
    incapacity.add_argument("--accident-date", type=date_argument, required=True)
    incapacity.add_argument("--months", type=int, required=True)
    incapacity.add_argument("--json", action="store_true", help="print JSON")


def add_simulate_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `payung simulate`."""
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--wage", type=decimal_argument, required=True)
    parser.add_argument("--programs", type=programs_argument, required=True)
    parser.add_argument("--risk", default=None, help="JKK risk class, e.g. very_low")
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--employer-kind", default=None, help="e.g. regency_government")
    parser.add_argument("--json", action="store_true", help="print JSON")


def calculate_contribution(options: dict[str, Any]) -> dict[str, Any]:
    """The JSON-ready result of `payung contribution`."""
    return contributions(
        on=options["on"],
        wage=options["wage"],
        programs=options["programs"],
        risk_class=options.get("risk"),
        kind=options.get("kind") or "pu",
        employer_kind=options.get("employer_kind"),
    ).as_dict()


def calculate_benefit(options: dict[str, Any]) -> dict[str, Any]:
    """The JSON-ready result of `payung benefit ...`."""
    if options["benefit"] == "jkm":
        return jkm_benefit(
            death_date=options["death_date"], contribution_years=options.get("contribution_years")
        ).as_dict()
    if options["benefit"] == "jkk-death":
        return jkk_death_benefit(
            wage=options["wage"], accident_date=options["accident_date"]
        ).as_dict()
    return stmb(
        wage=options["wage"], accident_date=options["accident_date"], months=options["months"]
    ).as_dict()


def calculate_simulation(options: dict[str, Any]) -> dict[str, Any]:
    """The JSON-ready result of `payung simulate`."""
    return simulate(
        workers=options["workers"],
        wage=options["wage"],
        programs=options["programs"],
        risk_class=options.get("risk"),
        year=options["year"],
        employer_kind=options.get("employer_kind"),
    ).as_dict()


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells))
    return lines


def _footer(result: dict[str, Any], notes: Sequence[str] = ()) -> list[str]:
    lines = [f"Catatan / Note: {note}" for note in notes]
    if result.get("low_confidence"):
        joined = ", ".join(result["low_confidence"])
        lines.append(f"Keyakinan rendah / Low confidence: {joined}")
    return lines


def render_contribution(result: dict[str, Any]) -> str:
    """A readable table of `payung contribution`, Indonesian first."""
    title = (
        f"Iuran per pekerja per bulan / Contribution per worker per month: {result['on']}, "
        f"upah / wage {rupiah(result['wage'])}, "
        f"risiko / risk {RISK_WORDS.get(result['risk_class'], result['risk_class'] or '-')}"
    )
    rows = [
        [
            line["program"].upper(),
            rupiah(line["employer"]),
            rupiah(line["worker"]),
            rupiah(line["total"]),
        ]
        for line in result["lines"]
    ]
    rows.append(
        [
            "Jumlah / Total",
            rupiah(result["employer"]),
            rupiah(result["worker"]),
            rupiah(result["total"]),
        ]
    )
    header = ["Program", "Pemberi kerja / Employer", "Pekerja / Worker", "Jumlah / Total"]
    notes = [n for line in result["lines"] for n in line["explanation"]["notes"]]
    return "\n".join([title, *_table(header, rows), *_footer(result, list(dict.fromkeys(notes)))])


def render_benefit(result: dict[str, Any]) -> str:
    """A readable table of `payung benefit ...`, Indonesian first."""
    title = f"Manfaat / Benefit {result['benefit']} ({result['formula']})"
    if "schedule" in result:
        rows = [
            [
                str(month["month"]),
                f"{(Decimal(month['ratio']) * 100).normalize():f}%",
                rupiah(month["amount"]),
            ]
            for month in result["schedule"]
        ]
        rows.append(["Jumlah / Total", "", rupiah(result["total"])])
        header = ["Bulan / Month", "Persen / Share", "Jumlah / Amount"]
    else:
        rows = [[name, rupiah(amount)] for name, amount in result["components"].items()]
        rows.append(["Jumlah tunai / Cash total", rupiah(result["total"])])
        header = ["Komponen / Component", "Jumlah / Amount"]
    lines = [title, *_table(header, rows)]
    scholarship = result.get("scholarship")
    if scholarship:
        eligible = {True: "ya / yes", False: "tidak / no", None: "belum diketahui / unknown"}
        lines.append(
            f"Beasiswa / Scholarship: berhak / eligible {eligible[scholarship['eligible']]}; "
            f"anak / children {scholarship['max_children']}; "
            f"paling banyak / at most {rupiah(scholarship['max_amount'])}"
        )
    return "\n".join([*lines, *_footer(result, result["explanation"]["notes"])])


def render_simulation(result: dict[str, Any]) -> str:
    """A readable table of `payung simulate`, Indonesian first."""
    title = (
        f"Biaya / Cost {result['year']}: {result['workers']} pekerja / workers, "
        f"upah / wage {rupiah(result['wage'])}"
    )
    rows = [
        [
            program["program"].upper(),
            program["account_code"] or "-",
            rupiah(program["monthly"]),
            rupiah(program["yearly"]),
        ]
        for program in result["programs"]
    ]
    rows.append(["Jumlah / Total", "", rupiah(result["monthly"]), rupiah(result["yearly"])])
    header = ["Program", "Kode rekening / Account", "Per bulan / Monthly", "Per tahun / Yearly"]
    return "\n".join([title, *_table(header, rows), *_footer(result, result["notes"])])


Calculator = tuple[
    Callable[[argparse.ArgumentParser], None],
    Callable[[dict[str, Any]], dict[str, Any]],
    Callable[[dict[str, Any]], str],
]
COMMANDS: dict[str, Calculator] = {
    "contribution": (add_contribution_arguments, calculate_contribution, render_contribution),
    "benefit": (add_benefit_arguments, calculate_benefit, render_benefit),
    "simulate": (add_simulate_arguments, calculate_simulation, render_simulation),
}


def output(command: str, options: dict[str, Any]) -> str:
    """The text a command prints: JSON with `--json`, else a table; RuleError on refusal."""
    _, calculate, render = COMMANDS[command]
    result = calculate(options)
    if options.get("json"):
        return json.dumps(result, indent=2, ensure_ascii=False)
    return render(result)


class _Parser(argparse.ArgumentParser):
    """An argument parser that reports errors instead of exiting."""

    def error(self, message: str) -> Any:
        raise RuleUsageError(message)


class RuleUsageError(Exception):
    """Bad command-line arguments."""


def run(argv: Sequence[str]) -> tuple[int, str, str]:
    """Run `<command> <arguments>` as the `payung` command would: (exit code, stdout, stderr)."""
    parser = _Parser(prog="payung")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, (add_arguments, _, _) in COMMANDS.items():
        add_arguments(commands.add_parser(name))
    stderr = io.StringIO()
    try:
        options = vars(parser.parse_args(list(argv)))
        text = output(options["command"], options)
    except RuleUsageError as error:
        return EXIT_USAGE, "", f"payung: error: {error}\n"
    except RuleError as error:
        return EXIT_USAGE, "", f"payung: error: {error.message}\n"
    return 0, text + "\n", stderr.getvalue()


def main() -> None:
    """`python -m payung.rules.cli <command> ...` without Django."""
    code, out, err = run(sys.argv[1:])
    sys.stdout.write(out)
    sys.stderr.write(err)
    sys.exit(code)


if __name__ == "__main__":
    main()
