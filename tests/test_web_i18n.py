"""Every word the web page shows exists in Vietnamese (NFC) and English; no template asks for a missing one."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import get_args

import core.errors as errors
from api.routes.stats import COUNTS
from api.schemas import CardSide, CardType
from api.web import i18n
from core.roles import ROLES
from ocr.fields import FIELDS_BY_TYPE
from storage.records import Status

TEMPLATES = Path(i18n.__file__).parent / "templates"
_T_CALL = re.compile(r"""\bt\(\s*["']([a-z_.]+)["']""")


def test_every_message_has_both_languages_in_nfc() -> None:
    for table in (i18n.MESSAGES, i18n.DOC_TYPES, i18n.FIELD_NAMES):
        for key, (vi, en) in table.items():
            assert vi.strip() and en.strip(), key
            assert unicodedata.is_normalized("NFC", vi), key


def test_every_key_a_template_asks_for_exists() -> None:
    asked = {key for path in TEMPLATES.glob("*.html") for key in _T_CALL.findall(path.read_text())}
    families = {key for key in asked if key.endswith(".")}  # "status." ~ doc.status and the like
    assert families == {"card.side.", "card.type.", "count.", "role.", "status."}
    asked |= {f"count.{name}" for name in COUNTS} | {f"role.{role}" for role in ROLES}
    asked |= {f"card.side.{side}" for side in get_args(CardSide)}
    asked |= {f"card.type.{kind}" for kind in get_args(CardType)}
    asked |= {f"status.{status.value}" for status in Status}
    missing = asked - families - set(i18n.MESSAGES)
    assert not missing, sorted(missing)


def test_every_field_and_type_has_a_name_and_every_user_error_a_message() -> None:
    for doc_type, names in FIELDS_BY_TYPE.items():
        assert doc_type in i18n.DOC_TYPES
        for name in names:
            assert name in i18n.FIELD_NAMES, name
    assert i18n.field_name("vi", "place_of_residence_province") == "Nơi thường trú (tỉnh/thành)"
    codes = {cls.code for cls in vars(errors).values() if isinstance(cls, type) and issubclass(cls, errors.InputError)}
    assert not {f"error.{code}" for code in codes} - set(i18n.MESSAGES) - {"error.invalid_input"}
    assert i18n.text("en", "status.processing_page", n=2, m=5) == "Processing page 2 of 5"
    assert i18n.failure_reason("vi", "no_such_code") == i18n.failure_reason("vi", "processing_error")
