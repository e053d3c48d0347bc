"""The files ministries publish, PDF, HWPX and HWP 5, turned into text for the parser.

Conversion runs where the release is parsed (in a worker process for a large ingest), not
where it is read: reading an archive stays a cheap walk over files. Every failure of a
library on a damaged file is that file's one-line error, never a traceback.
"""

import io
import logging
import warnings
import zipfile

from .parsing import UnreadableInput
from .parsing.release import MAX_CHARACTERS

# The formats converted here, by file suffix; anything else is text or HTML.
BINARY_FORMATS = {".pdf": "pdf", ".hwpx": "hwpx", ".hwp": "hwp"}
# An HWPX is a zip: refuse one that would unpack past this (a zip bomb, or no release).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024


def to_text(data, file_format):
    """The text of a PDF, HWPX or HWP file's bytes; raise UnreadableInput if there is none."""
    convert = {"pdf": pdf_text, "hwpx": hwpx_text, "hwp": hwp_text}[file_format]
    try:
        text = convert(data)
    except UnreadableInput:
        raise
    except Exception as error:  # a library's error on a damaged file is this file's error
        reason = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
        raise UnreadableInput(f"cannot read {file_format.upper()}: {reason}") from error
    if not text.strip():
        raise UnreadableInput(
            f"{file_format.upper()} holds no text (a scanned image? run OCR on it first)"
        )
    return text


def pdf_text(data):
    """The text of each page, in order, with PDFium (Chromium's PDF engine, through
    pypdfium2: a 4-page release in 80 ms where pure-Python readers take 1.3 s)."""
    import pypdfium2 as pdfium  # imported here: only PDF ingests pay for it

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise UnreadableInput("PDF is encrypted with a password") from error
        raise
    pages, length = [], 0
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            text = textpage.get_text_bounded()
            textpage.close()
            page.close()
            pages.append(text)
            length += len(text)
            if length > MAX_CHARACTERS:  # the parser reads no further: neither do we
                break
    finally:
        document.close()
    return "\n".join(pages)


def hwpx_text(data):
    """The paragraphs of an HWPX (OWPML) package, table rows as tab-separated cells."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(info.file_size for info in package.infolist())
    except zipfile.BadZipFile as error:
        raise UnreadableInput("HWPX is not a zip package: damaged or not HWPX") from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableInput(f"HWPX unpacks to {unpacked:,} bytes: not a release")
    return _hancom_text(data)


def hwp_text(data):
    """The paragraphs of an HWP 5 binary (an OLE compound file of zlib-packed records)."""
    if not data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableInput("not an HWP 5 file (HWP 3 and older are not read: save as HWPX)")
    return _hancom_text(data)


def _hancom_text(data):
    # python-hwpx reads both HWPX and HWP 5 into one document model. What it cannot carry
    # over from an HWP (a chart, an OLE object) it warns about: no text is lost with it.
    from hwpx import HwpxDocument

    # It also logs a damaged part's traceback before raising: the error we report says it.
    logging.getLogger("hwpx").setLevel(logging.CRITICAL)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return HwpxDocument.open(data).text.plain()
