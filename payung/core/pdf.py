"""The one way Payung starts a PDF: fpdf2, A4, DejaVu fonts from the setup (no network)."""

from pathlib import Path

from fpdf import FPDF

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
FONT_FAMILY = "DejaVu"
_STYLES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}


class FontsMissing(RuntimeError):
    """DejaVu fonts are not installed (Debian package fonts-dejavu-core)."""


def font_dir() -> Path:
    """The folder holding DejaVuSans.ttf, or FontsMissing naming the package to install."""
    for folder in FONT_DIRS:
        if (folder / _STYLES[""]).exists():
            return folder
    raise FontsMissing(
        "DejaVu fonts not found in "
        + ", ".join(map(str, FONT_DIRS))
        + ": install fonts-dejavu-core"
    )


def new_document(*, title: str, author: str = "Payung") -> FPDF:
    """An empty A4 portrait document in millimetres with the DejaVu family registered."""
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    return prepared(pdf, title=title, author=author)


def prepared[D: FPDF](pdf: D, *, title: str, author: str = "Payung") -> D:
    """`pdf` (an FPDF or a subclass with its own header and footer) with the DejaVu family
    registered, its title and author set."""
    folder = font_dir()
    for style, filename in _STYLES.items():
        pdf.add_font(FONT_FAMILY, style=style, fname=str(folder / filename))
    pdf.set_font(FONT_FAMILY, size=10)
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_creator("Payung")
    pdf.set_auto_page_break(auto=True, margin=15)
    return pdf
