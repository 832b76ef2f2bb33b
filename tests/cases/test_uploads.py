"""Attachments are checked all the way through: images decoded and cleaned, PDFs parsed."""

from __future__ import annotations

import io
import struct
import zlib
from functools import cache

import pytest
from PIL import ExifTags, Image
from PIL.PngImagePlugin import PngInfo
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from helpcenter.cases.models import Case, CaseAttachment
from helpcenter.cases.uploads import MAX_FILES, Upload, read_upload
from helpcenter.config import ROOT, DefaultConfig
from helpcenter.extensions import db
from tests.cases.conftest import PDF, PNG, upload

MAX_BYTES = DefaultConfig.MAX_UPLOAD_BYTES
MAX_PIXELS = DefaultConfig.MAX_UPLOAD_PIXELS
SPOT = (52.3676, 4.9041)  # where the photo was taken: it must not travel with the file


def png_chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, type, data, CRC."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@cache
def bomb_png(side: int = 30_000) -> bytes:
    """A valid 30000 x 30000 black-and-white PNG of about 110 kB that decodes to 900 million
    pixels (written row by row, so the test never holds it decoded)."""
    packer = zlib.compressobj(9)
    row = b"\x00" * (1 + (side + 7) // 8)
    idat = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", idat)
            + png_chunk(b"IEND", b""))


def photo_with_gps(orientation: int = 6) -> bytes:
    """A 40 x 20 JPEG as a phone writes it: GPS position, camera, and "rotate 90°" in EXIF."""
    image = Image.new("RGB", (40, 20), (200, 30, 30))
    image.paste((30, 30, 200), (0, 0, 20, 20))  # left half blue, so the rotation shows
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef], gps[ExifTags.GPS.GPSLatitude] = "N", (52.0, 22.0, 3.36)
    gps[ExifTags.GPS.GPSLongitudeRef], gps[ExifTags.GPS.GPSLongitude] = "E", (4.0, 54.0, 14.8)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, quality=95, comment=b"Anna's house")
    return out.getvalue()


def pdf(build) -> bytes:
    """A one-page PDF, changed by ``build(writer)`` before it is written."""
    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=200, height=200)
    build(writer)
    writer.write(out)
    return out.getvalue()


def read(data: bytes, name: str = "file") -> Upload | str:
    return read_upload(FileStorage(io.BytesIO(data), filename=name), MAX_BYTES, MAX_PIXELS)


def test_good_png_and_pdf_are_accepted_as_they_are():
    png, pdf_file = read(PNG, "screen.png"), read(PDF, "invoice.pdf")
    assert (png.content_type, png.data) == ("image/png", PNG)
    assert (pdf_file.content_type, pdf_file.data) == ("application/pdf", PDF)


def test_decompression_bomb_is_refused_before_decoding():
    assert len(bomb_png()) < 200_000
    assert read(bomb_png(), "bomb.png") == "pixels"


def test_pixel_limit_is_a_setting():
    image = io.BytesIO()
    Image.new("L", (300, 200)).save(image, format="PNG")
    data = image.getvalue()
    storage = FileStorage(io.BytesIO(data), filename="a.png")
    assert read_upload(storage, MAX_BYTES, 59_999) == "pixels"
    assert isinstance(read_upload(FileStorage(io.BytesIO(data), filename="a.png"), MAX_BYTES,
                                  60_000), Upload)


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n<html><script>alert(document.cookie)</script></html>",
    PNG[: len(PNG) // 2],  # cut off
    photo_with_gps()[:300],
    b"\xff\xd8\xff\xe0<html>not a photo</html>",
    b"%PDF-1.7\n<html><script>alert(1)</script></html>",
    b"%PDF-1.4\n" + b"0" * 500,
    pdf(lambda writer: None).replace(b"/Type /Pages", b"/Type /Xxxxx")[:400],
])
def test_files_that_are_not_what_they_claim_are_refused(data):
    assert read(data) == "damaged"


def test_html_after_a_complete_png_is_dropped():
    upload_ = read(PNG + b"<html><script>alert(1)</script></html>", "screen.png")
    assert upload_.data == PNG


def test_photo_loses_gps_and_camera_but_stays_upright():
    original = photo_with_gps()
    with Image.open(io.BytesIO(original)) as image:
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test photo has a position
    cleaned = read(original, "photo.jpg")
    assert cleaned.content_type == "image/jpeg"
    for leak in (b"Exif", b"PhoneMaker", b"Anna's house"):
        assert leak not in cleaned.data
    with Image.open(io.BytesIO(cleaned.data)) as image:
        assert not image.getexif()
        assert "exif" not in image.info and "comment" not in image.info
        assert image.size == (20, 40)  # turned as the phone said, the tag itself gone
        red, green, blue = image.getpixel((10, 5))  # the blue half is now on top
        assert blue > 150 and red < 100


def test_png_text_chunks_are_dropped():
    info = PngInfo()
    info.add_text("Author", "anna@example.nl")
    out = io.BytesIO()
    Image.new("RGBA", (6, 6), (0, 0, 0, 0)).save(out, format="PNG", pnginfo=info)
    cleaned = read(out.getvalue(), "screen.png")
    assert b"anna@example.nl" not in cleaned.data
    with Image.open(io.BytesIO(cleaned.data)) as image:
        assert image.mode == "RGBA" and image.getpixel((0, 0)) == (0, 0, 0, 0)


def test_pdf_with_javascript_is_refused():
    assert read(pdf(lambda w: w.add_open_action(JavaScript("app.alert(1)")))) == "script"


def test_pdf_with_a_password_is_refused_but_one_locked_for_printing_only_is_not():
    assert read(pdf(lambda w: w.encrypt("secret", algorithm="AES-256"))) == "password"
    locked = read(pdf(lambda w: w.encrypt("", owner_password="owner", algorithm="AES-256")))
    assert isinstance(locked, Upload)


def count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(("lang", "name", "data", "message"), [
    ("nl", "bom.png", bomb_png(), "bom.png is een te grote afbeelding: deze heeft meer dan "
                                  "50 miljoen pixels."),
    ("en", "bomb.png", bomb_png(), "bomb.png is too large an image: it has more than "
                                   "50 million pixels."),
    ("nl", "scherm.png", b"\x89PNG\r\n\x1a\n<html></html>", "scherm.png kon niet worden "
                                                            "geopend."),
    ("en", "screen.png", b"\x89PNG\r\n\x1a\n<html></html>", "screen.png could not be opened."),
    ("nl", "factuur.pdf", pdf(lambda w: w.add_open_action(JavaScript("app.alert(1)"))),
     "factuur.pdf bevat scripts of acties die wij niet accepteren."),
    ("en", "invoice.pdf", pdf(lambda w: w.encrypt("secret", algorithm="AES-256")),
     "invoice.pdf is protected with a password."),
])
def test_the_form_names_the_refused_file_and_keeps_the_text(app, client, complaint_data,
                                                            lang, name, data, message):
    data_ = {**complaint_data, "attachments": [upload(data, name)]}
    response = client.post(f"/{lang}/complaint", data=data_,
                           content_type="multipart/form-data")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert complaint_data["message"] in page and 'value="Anna de Vries"' in page
    assert count(app, Case) == 0 and count(app, CaseAttachment) == 0


def test_a_stored_photo_is_the_cleaned_one_and_downloads_as_a_file(app, client,
                                                                   complaint_data):
    data = {**complaint_data, "attachments": [upload(photo_with_gps(), "photo.jpg")]}
    response = client.post("/en/complaint", data=data, content_type="multipart/form-data")
    assert response.status_code == 303
    with app.app_context():
        stored = db.session.scalar(select(CaseAttachment))
        reference, stored_name, stored_data = (stored.case.reference, stored.stored_name,
                                               stored.data)
    assert b"PhoneMaker" not in stored_data and b"Exif" not in stored_data
    download = client.get(f"/en/cases/{reference}/files/{stored_name}")
    assert download.status_code == 200 and download.data == stored_data
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download.headers["Content-Security-Policy"]


def test_body_limit_takes_three_full_attachments_and_the_form_and_readme_says_it():
    form_room = DefaultConfig.MAX_CONTENT_LENGTH - MAX_FILES * DefaultConfig.MAX_UPLOAD_BYTES
    assert 64 * 1024 <= form_room <= 2 * 2**20  # the form's text and multipart overhead
    readme = (ROOT / "README.md").read_text()
    row = f"| `HELPCENTER_MAX_CONTENT_LENGTH` | `{DefaultConfig.MAX_CONTENT_LENGTH}` (16 MiB) |"
    assert row in readme
    assert "10 MiB" not in readme and "10485760" not in readme
