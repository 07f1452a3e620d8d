"""Helpers for the documents tests: text and QR codes out of a PDF with poppler and zbar."""

import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import zxingcpp
from PIL import Image

from payung.conftest import skip_or_fail

IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def need(tool: str, package: str) -> str:
    found = shutil.which(tool)
    if found is None:
        skip_or_fail(f"{tool} not installed: apt-get install {package}")
    return str(found)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """The PDF's text, as `pdftotext -layout` extracts it."""
    source = tmp_path / "text.pdf"
    source.write_bytes(pdf)
    tool = need("pdftotext", "poppler-utils")
    return subprocess.run(
        [tool, "-layout", str(source), "-"], capture_output=True, text=True, check=True
    ).stdout


def page_png(pdf: bytes, tmp_path: Path, page: int = 1) -> Path:
    """One page rendered at 150 dpi by `pdftoppm -r 150 -png`."""
    source = tmp_path / "page.pdf"
    source.write_bytes(pdf)
    tool = need("pdftoppm", "poppler-utils")
    prefix = tmp_path / "page"
    subprocess.run(
        [tool, "-r", "150", "-png", "-f", str(page), "-l", str(page), str(source), str(prefix)],
        check=True,
    )
    return next(tmp_path.glob("page-*.png"))


def qr_urls(png: Path) -> list[str]:
    """Every QR code on the picture, decoded by zbar (`zbarimg --raw -q`), in page order."""
    tool = need("zbarimg", "zbar-tools")
    # QR codes only: on a page of text, a decoder reading every format sometimes finds a
    # one-dimensional "barcode" in the lettering.
    only_qr = ["--set", "*.enable=0", "--set", "qrcode.enable=1"]
    found = subprocess.run(
        [tool, "--raw", "-q", *only_qr, str(png)], capture_output=True, text=True
    )
    zbar = sorted(line for line in found.stdout.splitlines() if line.strip())
    # zxing-cpp must read the same codes: two independent decoders agree.
    qr = zxingcpp.BarcodeFormat.QRCode  # which zxing also takes to include Micro QR
    codes = zxingcpp.read_barcodes(Image.open(png), formats=zxingcpp.BarcodeFormats(qr))
    zxing = sorted(code.text for code in codes if code.format == qr)
    assert zbar == zxing, (zbar, zxing)
    return zbar


def path_of(url: str) -> str:
    return urlsplit(url).path
