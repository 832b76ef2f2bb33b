"""Image attachments (PNG, JPEG): decoded under a pixel limit, then stored encoded afresh.

Decoding proves the whole file is the image its first bytes claim (a PNG signature followed
by HTML, or a cut-off photo, is refused). Encoding again keeps only the pixels: no EXIF (the
GPS position and camera of a phone photo), no text chunks or comments, nothing appended after
the image. A photo is first turned upright by its EXIF orientation, since that tag goes too.
The colour profile is kept, so colours look the same.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps

FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}
JPEG_QUALITY = 90  # visually the same as the partner's photo, without growing it much


class ImageRefused(Exception):
    """The image cannot be accepted; ``reason`` is ``"pixels"`` or ``"damaged"``."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def clean_image(data: bytes, content_type: str, max_pixels: int) -> bytes:
    """The image in ``data`` encoded again without metadata, or ``ImageRefused``.

    Images over ``max_pixels`` are refused from their header, before any decoding: a few
    kilobytes can unpack into gigabytes (a decompression bomb).
    """
    image_format = FORMATS[content_type]
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice that: refuse those as well.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[image_format]) as image:
                if image.width * image.height > max_pixels:
                    raise ImageRefused("pixels")
                image.load()
                return encode(image, image_format)
    except ImageRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRefused("pixels") from None
    except Exception:  # noqa: BLE001 - a malformed file can fail anywhere inside a decoder
        raise ImageRefused("damaged") from None


def encode(image: Image.Image, image_format: str) -> bytes:
    """The decoded ``image`` upright, as ``image_format``, with its pixels and colours only."""
    profile = image.info.get("icc_profile")
    transparency = image.info.get("transparency")
    upright = ImageOps.exif_transpose(image)
    upright.info = {}  # Pillow would otherwise copy comments and EXIF into the new file
    options: dict = {"icc_profile": profile} if profile else {}
    if image_format == "JPEG":
        options["quality"] = JPEG_QUALITY
    elif transparency is not None:
        options["transparency"] = transparency
    out = io.BytesIO()
    upright.save(out, format=image_format, **options)
    return out.getvalue()
