"""The one module that talks to Tesseract (through pytesseract).

It checks that the binary and the `vie` and `osd` data are installed, runs orientation detection
and recognition, and turns pytesseract's errors into ours. One recognition pass yields the word boxes
(TSV), the other marks the model weighed for each letter (hOCR with `lstm_choice_mode=2`) and a
text-only PDF layer, so a page is never OCR'd twice.
"""

from __future__ import annotations

import csv
import html
import io
import os
import re
import shutil
import subprocess
import tempfile
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import cv2
import numpy as np
import pytesseract
from PIL import Image

from core.errors import MissingDependency, ProcessingError

from .text import fold, nfc

INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd (or run `make demo`)"

# One Tesseract process per core beats Tesseract's own OpenMP threads on a small machine.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@dataclass(frozen=True)
class Word:
    """One recognised word with its box in the OCR image's pixels and its confidence (0–100)."""

    text: str
    confidence: float
    left: int
    top: int
    width: int
    height: int
    block: int
    paragraph: int
    line: int
    # Where the model weighed other marks on a letter: (position in `text`, ((letter, certainty 0-100), ...)),
    # the read letter's own certainty first. Only mark variants of the letter read are kept (`_hocr_marks`).
    marks: tuple[tuple[int, tuple[tuple[str, float], ...]], ...] = ()


@dataclass(frozen=True)
class Line:
    """One text line in reading order; `confidence` is the mean of its words' (0–100)."""

    text: str
    confidence: float
    words: tuple[Word, ...]
    page: int = 1

    @classmethod
    def of(cls, words: list[Word] | tuple[Word, ...], page: int = 1) -> Line:
        """The line made of `words`, in the order given, its confidence weighted by word length."""
        return cls(" ".join(w.text for w in words), weighted_confidence(words), tuple(words), page)


@dataclass(frozen=True)
class Recognition:
    """What one Tesseract pass read on one page image."""

    lines: tuple[Line, ...]
    confidence: float
    text_layer_pdf: bytes | None

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def words(self) -> tuple[Word, ...]:
        return tuple(w for line in self.lines for w in line.words)


@dataclass(frozen=True)
class Orientation:
    """Tesseract OSD's verdict: rotate the page clockwise by `rotate` degrees to make it upright."""

    rotate: int
    confidence: float


@lru_cache(maxsize=4)
def check_available(language: str = "vie") -> str:
    """Fail with the install command unless `tesseract` and the language and `osd` data exist."""
    if shutil.which("tesseract") is None:
        raise MissingDependency(f"Tesseract is not installed. Install it with: {INSTALL_HINT}")
    try:
        langs = set(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractError, OSError, subprocess.SubprocessError) as exc:
        raise MissingDependency(f"Tesseract does not run ({exc}). Reinstall: {INSTALL_HINT}") from exc
    missing = [lang for lang in (*language.split("+"), "osd") if lang not in langs]
    if missing:
        prefix = os.environ.get("TESSDATA_PREFIX")
        where = f" (or point TESSDATA_PREFIX, now {prefix}, at the folder holding them)" if prefix else ""
        raise MissingDependency(
            f"Tesseract language data missing: {', '.join(missing)}. Install it with: {INSTALL_HINT}{where}"
        )
    return str(pytesseract.get_tesseract_version())


def _write_input(image: np.ndarray | Image.Image, base: str) -> str:
    """Write the page for Tesseract uncompressed (PGM/PPM): a PNG encode costs more than the OCR saves."""
    array = np.asarray(image) if isinstance(image, Image.Image) else image
    if isinstance(image, Image.Image) and array.ndim == 3:
        array = array[:, :, ::-1]  # PIL RGB → BGR for OpenCV
    if array.ndim == 3 and array.shape[2] == 4:
        array = array[:, :, :3]
    path = f"{base}.{'pgm' if array.ndim == 2 else 'ppm'}"
    if not cv2.imwrite(path, np.ascontiguousarray(array)):
        raise OSError(f"could not write {path}")
    return path


def _to_pil(image: np.ndarray | Image.Image) -> Image.Image:
    if isinstance(image, Image.Image):
        return image
    if image.ndim == 2:
        return Image.fromarray(image)
    return Image.fromarray(image[:, :, ::-1])  # OpenCV BGR → RGB


_OSD_ROTATE = re.compile(r"Rotate:\s+(\d+)")
_OSD_CONF = re.compile(r"Orientation confidence:\s+([\d.]+)")


def detect_orientation(image: np.ndarray | Image.Image, dpi: int = 300) -> Orientation | None:
    """Tesseract OSD on a page; None when it finds too few characters to say."""
    try:
        out = pytesseract.image_to_osd(
            _to_pil(image), config=f"--psm 0 --dpi {dpi} -c min_characters_to_try=30", timeout=60
        )
    except pytesseract.TesseractError:
        return None  # "Too few characters" and friends: not an error, just no verdict
    except RuntimeError as exc:  # pytesseract's timeout
        raise ProcessingError(f"Tesseract orientation detection timed out: {exc}") from exc
    rotate = _OSD_ROTATE.search(out)
    conf = _OSD_CONF.search(out)
    if not rotate:
        return None
    return Orientation(int(rotate.group(1)) % 360, float(conf.group(1)) if conf else 0.0)


_HOCR_WORD = re.compile(r"<span class='ocrx_word'[^>]*>([^<]*)")
_HOCR_GROUP = re.compile(r"<span class='ocrx_cinfo' id='lstm_choices_")
_HOCR_CHOICE = re.compile(r"title='x_confs ([\d.]+)'>([^<]*)</span>")
MARK_FLOOR = 5.0  # certainty below which another mark is not worth keeping


def _same_letter(a: str, b: str) -> bool:
    """`b` is `a` with other marks (same base letter, same case; đ counts as d)."""
    return a != b and a.isupper() == b.isupper() and fold(a) == fold(b) and fold(a).isalpha()


def _hocr_marks(hocr: str) -> list[tuple[str, tuple[tuple[int, tuple[tuple[str, float], ...]], ...]]]:
    """Each hOCR word's text and its letters' mark alternatives (Tesseract's `lstm_choice_mode=2`:
    the choices the CTC decoder weighed for each character, the one it printed first)."""
    words = []
    chunks = _HOCR_WORD.split(hocr)
    # split() with one group: [before, text1, rest1, text2, rest2, ...]
    for text, rest in zip(chunks[1::2], chunks[2::2], strict=True):
        letters: list[tuple[tuple[str, float], ...]] = []
        for group in _HOCR_GROUP.split(rest)[1:]:
            choices = tuple((html.unescape(ch), float(conf)) for conf, ch in _HOCR_CHOICE.findall(group))
            if choices and choices[0][0].strip():
                letters.append(choices)
        read = nfc(html.unescape(text).strip())
        if not read:
            continue  # the TSV has no row for an empty word either
        marks = []
        if "".join(nfc(c[0][0]) for c in letters) == read:
            for at, choices in enumerate(letters):
                top = nfc(choices[0][0])
                others = [
                    (nfc(ch), conf) for ch, conf in choices[1:] if conf >= MARK_FLOOR and _same_letter(top, nfc(ch))
                ]
                if others:
                    marks.append((at, ((top, choices[0][1]), *others)))
        words.append((read, tuple(marks)))
    return words


def _parse_tsv(tsv: str, page: int, hocr: str | None = None) -> tuple[Line, ...]:
    rows = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    grouped: dict[tuple[int, int, int], list[Word]] = {}
    # hOCR lists the same words in the same order as the TSV (one result iterator writes both).
    alternatives = iter(_hocr_marks(hocr) if hocr else ())
    for row in rows:
        text = nfc((row.get("text") or "").strip())
        if not text or row.get("level") != "5":
            continue
        marks: tuple = ()
        if hocr:
            read, marks = next(alternatives, ("", ()))
            if read != text:
                marks, alternatives = (), iter(())  # out of step: keep the words, drop the alternatives
        key = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
        grouped.setdefault(key, []).append(
            Word(
                text=text,
                confidence=max(0.0, float(row["conf"])),
                left=int(row["left"]),
                top=int(row["top"]),
                width=int(row["width"]),
                height=int(row["height"]),
                block=key[0],
                paragraph=key[1],
                line=key[2],
                marks=marks,
            )
        )
    lines = []
    for words in grouped.values():
        lines.append(Line.of(words, page))
    return tuple(lines)


def weighted_confidence(words: list[Word] | tuple[Word, ...]) -> float:
    """Mean word confidence weighted by word length (0 for no words)."""
    total = sum(len(w.text) for w in words)
    if not total:
        return 0.0
    return round(sum(w.confidence * len(w.text) for w in words) / total, 2)


class PendingRecognition:
    """A Tesseract pass running in the background: its subprocess works while the caller's thread
    does other things (encoding and storing the page it is reading). `result()` waits for it."""

    def __init__(self, future: Future[Recognition]) -> None:
        self._future = future

    def result(self) -> Recognition:
        """The recognition, or the `ProcessingError` it raised."""
        return self._future.result()


# Threads that only wait for Tesseract subprocesses (they hold no GIL while waiting): enough for
# every in-process worker thread to have one pass in flight. Made on first use, and afresh in a
# forked child (a fork copies no threads, so the parent's pool would never run anything there).
_waiters: ThreadPoolExecutor | None = None
_waiters_lock = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    global _waiters
    with _waiters_lock:
        if _waiters is None:
            _waiters = ThreadPoolExecutor(max_workers=8, thread_name_prefix="sohoa-tesseract")
        return _waiters


def _forget_pool() -> None:
    global _waiters, _waiters_lock
    _waiters, _waiters_lock = None, threading.Lock()


os.register_at_fork(after_in_child=_forget_pool)


def start_recognition(
    image: np.ndarray | Image.Image,
    *,
    dpi: int,
    psm: int = 3,
    language: str = "vie",
    page: int = 1,
    text_layer: bool = True,
    timeout: int = 300,
) -> PendingRecognition:
    """Start `recognise` on `image` and return at once; the image is written for Tesseract first,
    so the caller may go on using (not changing) its own copy."""
    check_available(language)
    tmp = tempfile.mkdtemp(prefix="sohoa-tess-")
    try:
        input_path = _write_input(image, os.path.join(tmp, "page"))
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ProcessingError(f"Tesseract produced no output on page {page}: {exc}") from exc
    return PendingRecognition(
        _pool().submit(
            _run_in,
            tmp,
            input_path,
            dpi=dpi,
            psm=psm,
            language=language,
            page=page,
            text_layer=text_layer,
            timeout=timeout,
        )
    )


def recognise(image: np.ndarray | Image.Image, **options: Any) -> Recognition:
    """OCR one page image and wait: word boxes and confidences, plus (optionally) a text-only PDF layer.

    Takes `start_recognition`'s options (`dpi` required). `dpi` is the resolution of `image`; the PDF
    layer's page size is image size / dpi, so an image upscaled for OCR keeps the physical page size
    when its dpi is scaled by the same factor.
    """
    return start_recognition(image, **options).result()


def _run_in(
    tmp: str, input_path: str, *, dpi: int, psm: int, language: str, page: int, text_layer: bool, timeout: int
) -> Recognition:
    """Run Tesseract on the image written in `tmp`, parse what it wrote, and remove `tmp`."""
    # hOCR with the decoder's choices per character: the other marks it weighed (see `Word.marks`).
    config = f"--dpi {int(dpi)} --psm {psm} -c tessedit_create_tsv=1 -c tessedit_create_hocr=1 -c lstm_choice_mode=2"
    if text_layer:
        config += " -c tessedit_create_pdf=1 -c textonly_pdf=1"
    base = os.path.join(tmp, "page")
    try:
        pytesseract.pytesseract.run_tesseract(
            input_path, base, extension="", lang=language, config=config, timeout=timeout
        )
        with open(f"{base}.tsv", encoding="utf-8", errors="replace") as fh:
            tsv = fh.read()
        with open(f"{base}.hocr", encoding="utf-8", errors="replace") as fh:
            hocr = fh.read()
        pdf = None
        if text_layer:
            with open(f"{base}.pdf", "rb") as fh:
                pdf = fh.read()
    except pytesseract.TesseractError as exc:
        raise ProcessingError(f"Tesseract failed on page {page}: {exc.message}") from exc
    except RuntimeError as exc:
        raise ProcessingError(f"Tesseract timed out on page {page} after {timeout}s") from exc
    except OSError as exc:
        raise ProcessingError(f"Tesseract produced no output on page {page}: {exc}") from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    lines = _parse_tsv(tsv, page, hocr)
    words = [w for line in lines for w in line.words]
    return Recognition(lines=lines, confidence=weighted_confidence(words), text_layer_pdf=pdf)


def read_characters(
    image: np.ndarray, whitelist: str, *, psm: int = 6, language: str = "eng", timeout: int = 30
) -> list[str]:
    """The text lines of a small crop read with only `whitelist` allowed (an ID card's MRZ band)."""
    config = f"--psm {psm} -c tessedit_char_whitelist={whitelist} -c load_system_dawg=0 -c load_freq_dawg=0"
    try:
        text = pytesseract.image_to_string(_to_pil(image), lang=language, config=config, timeout=timeout)
    except pytesseract.TesseractError as exc:
        raise ProcessingError(f"Tesseract failed on a character band: {exc.message}") from exc
    except RuntimeError as exc:
        raise ProcessingError(f"Tesseract timed out on a character band after {timeout}s") from exc
    return [line.strip() for line in text.splitlines() if line.strip()]
