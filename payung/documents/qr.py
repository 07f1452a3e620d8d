"""QR codes from zxing-cpp (C++, ~0.5 ms per code) as small greyscale PIL images."""

import zxingcpp
from PIL import Image

# Two pixels per module: viewers (poppler) blur a picture enlarged less than 4 times, and a
# one-pixel-per-module code printed at 24 mm then no longer decodes at 150 dpi; two survive it.
PIXELS_PER_MODULE = 2


def qr_image(text: str) -> Image.Image:
    """A QR code of `text` without quiet zone (the layout leaves the white margin around it)."""
    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    bitmap = barcode.to_image(scale=PIXELS_PER_MODULE, add_quiet_zones=False)
    height, width = bitmap.shape[0], bitmap.shape[1]
    return Image.frombytes("L", (width, height), bytes(memoryview(bitmap)))
