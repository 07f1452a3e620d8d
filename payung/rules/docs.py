"""Write docs/rules.md from the parameter files: `python -m payung.rules.docs > docs/rules.md`."""

import sys

from payung.rules.explanation import json_ready
from payung.rules.loader import load_parameters
from payung.rules.model import Parameter, ParameterTree, ParameterValue

INTRO = """\
# Rules: parameters and how Payung computes with them

This file is generated from `payung/rules/parameters/**.yaml` by
`python -m payung.rules.docs > docs/rules.md`; a test fails when it is stale. Do not edit it by
hand: change a parameter file and regenerate.

Every rate, amount, date rule and code Payung computes with lives in one YAML file per parameter,
keyed by the date it takes effect. A new regulation adds a dated value; nothing is overwritten. A
`null` value ends a series (e.g. the PP 49/2020 relief ends on 2021-02-01). Each value cites its
regulation, article (where verified) and where to read it, a confidence (H: the regulation text or
two independent sources agree; M: one reliable secondary source; L: weak or inferred; unknown: not
established) and the date it was last reviewed. Values marked L or unknown are listed in every
explanation under `low_confidence`, so a page or a bill can show them as such.

The rules begin on 2015-07-01; an earlier date is refused (`date_before_rules`). When a law
changes the shape of a calculation rather than a value, a new dated formula is added beside the
old one and the parameter `formulas/<name>` says which one is in force on a date.

The calculators (CLI, API, pages) also refuse inputs outside the product's bounds
(`payung/core/bounds.py`; these are not legislation): a wage that is not a number
(`not_a_number`) or above Rp100,000,000 a month (`wage_too_high`; a bill computes a worker's
recorded wage without this ceiling), more than 10,000,000 workers (`too_many_workers`), a year of
a simulation outside 1900–2100 (`year_out_of_range`), more than 600 months of STMB
(`too_many_months`) and more than 100 contribution years (`too_many_years`).

## Rounding

No regulation found says how contributions are rounded (`rounding/mode`, confidence L). Payung
rounds each share (employer, worker) of each program line per person per month to the whole Rupiah
by truncation, and a total is the sum of its rounded lines. Per line, because each program is
billed and budgeted on its own line (JKK and JKM have separate regional budget accounts) and a
line's amount must not depend on which other programs are billed with it; truncation, because it
reproduces the reported Muna Barat figure (0.24% and 0.30% of 2,552,014 = 6,124.83 + 7,656.04:
truncated 13,780 as reported, rounded half-up 13,781) and never charges more than the rate. The
three reported Sultra cases come out within Rp1: 2,000,000 gives 4,800 + 6,000 = 10,800 (reported
10,800); 2,351,870 gives 5,644 + 7,055 = 12,699 (reported 12,700, which is 0.54% of the wage
computed as one rate); 2,552,014 gives 6,124 + 7,656 = 13,780 (reported 13,780). Changing
`rounding/mode` to `half_up` or `rounding/step` needs no code change.

## Due dates and late fees

A wage earner's contribution for a month is due on the day `payment/due_day_of_next_month` of the
following month (the 15th; the 30th for the relief months 2020-08 to 2021-01, or the last day of
a shorter month). When that day falls on a Saturday or Sunday it moves to the Monday after.
**Only weekends are modelled: public holidays are not**, as there is no holiday calendar among the
parameters yet; a due date that falls on a holiday is shown on the holiday itself, earlier
than the real one. A non-wage earner's (BPU)
contribution is due on `payment/bpu_due_day_of_same_month` of the month itself.

The late fee is `payment/late_fee_rate` (2% per month, 0.5% for the relief months) of the unpaid
contribution per month of delay, each started month counting as a whole one (an assumption: the
facts do not say how part-months count).

## BPU contributions

The JKM contribution of a non-wage earner is the flat `contributions/bpu/jkm_flat`. JKK is
`contributions/bpu/jkk_rate` of the declared income bracket, but only the lowest bracket is known
(`contributions/bpu/jkk_income_brackets`); any other declared income is refused
(`unknown_income_bracket`) rather than computed on a guessed bracket. JHT and JP are not computed
for BPU participants (`program_not_for_kind`).

## Budget accounts

`payung simulate` gives each program's regional budget (APBD) account code: JKK
5.1.02.02.02.0006, JKM .0007, JHT .0010 (non-ASN). **No account code is known for JP**; it is shown
without one. The date these codes took effect is not known; they are shown for every year.

## Open questions

- **Late fee for government employers.** PP 44/2015 imposes the late fee on employers "selain
  penyelenggara negara"; whether that exempts regional governments is unresolved. The fee applies
  by default; `payment/late_fee_applies/<employer kind>` (confidence unknown) can turn it off per
  employer kind.
- **COVID-19 relief for government employers.** Whether PP 49/2020's 99% JKK/JKM discount applied
  to government employers is unknown. It applies by default to every employer kind;
  `relief/excluded_employer_kinds` (confidence unknown) can exclude kinds.
- **JKK death benefit before 2019-12-02** follows PP 44/2015 Lampiran III (48 x wage, 24 x
  Rp200,000 paid at once, funeral Rp3,000,000, Rp12,000,000 scholarship for one child), as paid in
  a reported 2019 case (M-H); the article numbers are not verified.
- **Transport caps** (`benefits/jkk/transport_cap/<land|sea|air>`) are recalled from the
  regulations' annexes, not read in the text (L); medical care has no ceiling under either law.
- **Claims.** A stage I accident report is due `claims/jkk/stage1_report_hours` after the
  accident and a stage II report `claims/jkk/stage2_report_hours` after the doctor's statement;
  the date Permenaker 5/2021 took effect is not verified (the 48 hours are the same before it).
  Whether an employer reporting late bears the benefits (`claims/jkk/late_report_employer_liable`)
  and whether an employer in arrears does (`claims/arrears/employer_liable`, after
  `claims/arrears/months_threshold` unpaid months) rest on weak sources (L, M) and are shown so.
- **STMB under PP 44/2015** (100% for 6 months, 75% for 6, then 50%) rests on one source (M).
- **JP wage ceiling 2021** (8,754,600) is weak (L).
- Article numbers marked "article not verified" must be checked against the official texts
  (JDIH BPK) before being relied on.

## Parameters
"""


def _value(value: ParameterValue | None) -> str:
    if value is None:
        return "null (ends)"
    ready = json_ready(value)
    if isinstance(ready, list):
        return "[" + ", ".join(str(item) for item in ready) + "]"
    if isinstance(ready, bool):
        return "true" if ready else "false"
    return str(ready)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_parameter(parameter: Parameter) -> str:
    """One parameter as a heading, its description and a table of its dated values."""
    lines = [
        f"### `{parameter.path}`",
        "",
        f"{parameter.description}. Unit: `{parameter.unit}`. File: `{parameter.source}`.",
    ]
    if parameter.continuous_from:
        lines[-1] += f" Continuous from {parameter.continuous_from}."
    lines += [
        "",
        "| from | value | reference | confidence | last reviewed |",
        "|---|---|---|---|---|",
    ]
    for value in parameter.values:
        cells = [
            value.start.isoformat(),
            _value(value.value),
            value.reference.text,
            value.confidence,
            value.last_reviewed.isoformat(),
        ]
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(lines)


def render(tree: ParameterTree | None = None) -> str:
    """The whole of docs/rules.md."""
    tree = tree if tree is not None else load_parameters()
    sections = [INTRO]
    group = ""
    for path, parameter in tree.items():
        head = path.split("/")[0]
        if head != group:
            group = head
            sections.append(f"## `{group}/`\n")
        sections.append(render_parameter(parameter) + "\n")
    return "\n".join(sections)


if __name__ == "__main__":
    sys.stdout.write(render())
