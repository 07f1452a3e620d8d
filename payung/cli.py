"""The `payung` console script: every subcommand is a Django management command.

`payung` alone (or `payung help`) lists Payung's own commands first, grouped, one line each, and
Django's after them. A wrong argument is one bilingual line on stderr and exit status 2, not
argparse's whole usage.
"""

import os
import sys
from typing import Any, NoReturn

EXIT_USAGE = 2

GROUPS: dict[str, tuple[str, ...]] = {
    "Register dan cakupan / Register and coverage": (
        "regions",
        "import",
        "export-roster",
        "coverage",
        "register",
        "employers",
        "purge-uploads",
    ),
    "Iuran, manfaat dan tagihan / Contributions, benefits and bills": (
        "contribution",
        "benefit",
        "simulate",
        "bill",
        "pay",
        "void_payment",
        "arrears",
    ),
    "Klaim / Claims": ("claims",),
    "Dokumen / Documents": ("certificate", "cards"),
    "Sosialisasi / Outreach": ("outreach", "remind"),
    "Operasi / Operations": ("serve", "worker", "backup", "restore", "demo", "unlock"),
}
OTHER = "Lainnya / Other"

# Commands that only read the register (ReadingCommand, the rules' calculators). Django starts
# them without the apps only the web needs: the admin (and every app's admin module) and
# django-ninja (pydantic): about a third of what is left of their start-up. What they print is
# the same either way (payung/tests/test_cli.py).
READING = (
    "coverage",
    "arrears",
    "outreach",
    "claims",
    "export-roster",
    "contribution",
    "benefit",
    "simulate",
)
WEB_APPS = ("django.contrib.admin", "ninja")
HELP_WORDS = ("help", "-h", "--help")

# argparse's messages, by how they begin, in Indonesian.
INDONESIAN = {
    "the following arguments are required": "argumen wajib belum diisi",
    "unrecognized arguments": "argumen tidak dikenal",
    "invalid choice": "pilihan tidak dikenal",
    "expected one argument": "argumen perlu satu nilai",
    "not allowed with argument": "argumen tidak boleh bersama",
}


def payung_commands() -> dict[str, str]:
    """Payung's own commands (name → the app they come from), aliases with '_' left out."""
    from django.core.management import get_commands

    found = {name: app for name, app in get_commands().items() if app.startswith("payung.")}
    return {
        name: app
        for name, app in sorted(found.items())
        if (not name.startswith("_") and name.replace("_", "-") not in found) or "_" not in name
    }


def one_line(text: str, width: int = 96) -> str:
    """The first sentence of a command's help, cut to one line."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def overview() -> str:
    """Payung's commands by group, one line each, then Django's."""
    from django.core.management import ManagementUtility, load_command_class

    commands = payung_commands()
    grouped = {name for names in GROUPS.values() for name in names}
    groups = {**GROUPS, OTHER: tuple(name for name in commands if name not in grouped)}
    lines = ["Payung — perintah / commands (payung help <perintah> untuk rinciannya / for details)"]
    for title, names in groups.items():
        present = [name for name in names if name in commands]
        if not present:
            continue
        lines += ["", f"{title}:"]
        for name in present:
            help_text = str(load_command_class(commands[name], name).help or "")
            lines.append(f"  {name:<15} {one_line(help_text)}")
    django_help = ManagementUtility(["payung"]).main_help_text(commands_only=False)
    lines += ["", "Perintah Django / Django's commands:", django_help]
    return "\n".join(lines)


def bilingual(message: str) -> str:
    """An argparse message as 'Indonesian / English'."""
    for english, indonesian in INDONESIAN.items():
        if english in message:
            return f"{indonesian} / {message}"
    return f"argumen tidak valid / {message}"


def install_one_line_errors() -> None:
    """Argument errors on the command line become one bilingual line and exit status 2.

    Django's CommandParser prints the whole usage then exits; run from `payung`, every command
    says in one line what was wrong and where to read more. Called from code (call_command) the
    parser still raises CommandError, unchanged.
    """
    from django.core.management.base import CommandParser

    original = CommandParser.error

    def error(self: Any, message: str) -> NoReturn:
        if not getattr(self, "called_from_command_line", False):
            original(self, message)
        words = (self.prog or "payung").split()  # "payung benefit jkm": help is benefit's
        command = words[1] if len(words) > 1 else words[0]
        sys.stderr.write(f"{self.prog}: {bilingual(message)} (payung help {command})\n")
        sys.exit(EXIT_USAGE)

    CommandParser.error = error  # type: ignore[method-assign,assignment]


def start_without_web_apps(argv: list[str]) -> bool:
    """For a reading command, leave the web's apps out of the settings before Django starts.

    Not when `--settings` or `--pythonpath` name other settings: Django reads those itself."""
    if not argv or argv[0] not in READING:
        return False
    if any(arg.startswith(("--settings", "--pythonpath")) for arg in argv):
        return False
    from django.conf import settings

    settings.INSTALLED_APPS = [app for app in settings.INSTALLED_APPS if app not in WEB_APPS]
    return True


def main() -> None:
    """Run `payung <command> ...` as `django-admin <command> ...` with Payung's settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "payung.settings")
    from django.core.management import execute_from_command_line

    from payung.core.files import private_umask

    private_umask()  # the database, uploads, exports and backups it writes hold NIKs

    argv = sys.argv[1:]
    if not argv or (len(argv) == 1 and argv[0] in HELP_WORDS):
        import django

        django.setup()
        sys.stdout.write(overview() + "\n")
        return
    install_one_line_errors()
    start_without_web_apps(argv)
    execute_from_command_line(["payung", *argv])


if __name__ == "__main__":
    main()
