"""Helpers the sheet tests share: read a PDF's text and font sizes, decode QR codes."""

from __future__ import annotations

import io
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np
import pypdf
import zxingcpp
from sqlalchemy import Engine

from csec_desktop.catalog.curated.sources import read_catalog_source
from csec_desktop.catalog.storage import reader

DATA = Path(__file__).resolve().parent.parent / "data"


def pdf_pages(data: bytes) -> list[str]:
    """Each page's text, with ligatures undone and runs of white space made one space."""
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    return [" ".join(unicodedata.normalize("NFKC", p.extract_text()).split()) for p in pages]


def pdf_text(data: bytes) -> str:
    """The whole PDF's text (see :func:`pdf_pages`)."""
    return " ".join(pdf_pages(data))


def font_sizes(data: bytes, words: str) -> list[float]:
    """The printed sizes (points) of the text runs of every page that start with ``words``."""
    sizes: list[float] = []

    def visit(text: str, cm: Any, tm: Any, _font: Any, size: float) -> None:
        if " ".join(text.split()).startswith(words):
            sizes.append(round(size * abs(tm[3]) * abs(cm[3]), 1))

    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def decode_qr(gray: np.ndarray) -> list[str]:
    """The texts of the QR codes found in a grayscale image."""
    found = zxingcpp.read_barcodes(gray)
    return [r.text for r in found if r.format == zxingcpp.BarcodeFormat.QRCode]


def qimage_gray(image: Any) -> np.ndarray:
    """A QImage as a 2-D uint8 array."""
    from csec_desktop.ui.qt import QImage

    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, stride = gray.width(), gray.height(), gray.bytesPerLine()
    array = np.frombuffer(bytes(gray.constBits()), dtype=np.uint8).reshape(height, stride)
    return array[:, :width].copy()


def websites(engine: Engine, slugs: list[str]) -> dict[str, str]:
    """The catalog's web address of each of ``slugs`` that has one."""
    found = {}
    for slug in slugs:
        record = reader.get_record(engine, slug)
        if record is not None and record.website:
            found[slug] = record.website
    return found


def pdf_everything(data: bytes) -> str:
    """Every word a reader of the PDF file can find: the pages' text, the document
    information (title, subject, keywords, author, creator, producer), the XMP metadata and
    the addresses of the links."""
    document = pypdf.PdfReader(io.BytesIO(data))
    parts = [pdf_text(data)]
    parts += [str(value) for value in (document.metadata or {}).values()]
    if document.xmp_metadata is not None:
        parts.append(document.xmp_metadata.stream.get_data().decode("utf-8"))
    for page in document.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            parts.append(str(action.get("/URI", "")))
    return "\n".join(parts)


def validated_with(tmp_path: Path, name: str, text: str) -> set[tuple[str, str]]:
    """The (entry, message) problems ``csec-catalog validate`` finds in a copy of data/ whose
    file ``name`` has ``text`` appended (the copy is valid before)."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    assert read_catalog_source(copy).ok
    with (copy / name).open("a", encoding="utf-8") as out:
        out.write(text)
    return {(p.entry, p.message) for p in read_catalog_source(copy).problems}
