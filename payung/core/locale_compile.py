"""Compile the .po translations to .mo with Babel, so no system gettext is needed at setup."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def compile_all(package_dir: Path = PACKAGE_DIR) -> list[Path]:
    """Write a .mo beside every .po of the project and its apps; return the files written."""
    written = []
    po_paths = [
        *package_dir.glob("locale/*/LC_MESSAGES/*.po"),
        *package_dir.glob("*/locale/*/LC_MESSAGES/*.po"),
    ]
    for po_path in sorted(po_paths):
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        mo_path = po_path.with_suffix(".mo")
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        written.append(mo_path)
    return written


if __name__ == "__main__":
    for path in compile_all():
        print(f"compiled {path}")
