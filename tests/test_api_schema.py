"""Schemathesis against the app's own OpenAPI schema: no 5xx, and every response as the schema says.

A bounded run (at most 30 examples per operation) with a valid admin key, on a data folder that
already holds a queued document and a digitised ID card (with a finding, page sides and field sources)
in the example dossier, so reads can succeed as well as fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from api.app import create_app
from ingest import context
from storage.access import Access
from tests.support.api import jpeg_bytes, stop_in_process_workers
from tests.support.cards import store_card
from tests.support.receiving import receive

MAX_EXAMPLES = 30


@pytest.fixture(scope="module")
def admin_token(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An empty data folder for the whole module, a queued document and a digitised card in it, an admin key."""
    folder = tmp_path_factory.mktemp("schema") / "data"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOHOA_DATA_DIR", str(folder))
        for name in ("SOHOA_DATABASE_URL", "SOHOA_S3_ENDPOINT", "SOHOA_BROKER_URL"):
            patch.delenv(name, raising=False)
        context.reset()
        scan = Path(folder.parent / "scan.jpg")
        scan.write_bytes(jpeg_bytes())
        receive("000.00.36.H36-251125-0001", scan, "scan.jpg", enqueue=False)
        card = Path(folder.parent / "card.jpg")
        card.write_bytes(jpeg_bytes(colour="gray"))
        received = receive("000.00.36.H36-251125-0001", card, "card.jpg", enqueue=False)
        store_card(context.get_catalogue(), context.get_store(), received.document.document_id)  # findings, sides
        yield Access(context.get_database()).create_key("schemathesis", "admin").token
        stop_in_process_workers()
        context.reset()


# The app reads settings, store and catalogue per request, so building it at import is harmless.
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app())


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
def test_openapi_contract(case: schemathesis.Case, admin_token: str) -> None:
    """Every generated request gets a documented status, content type and body; never a 5xx.

    `positive_data_acceptance` is left out: the schema cannot say everything a request must be
    (a dossier ID's date must exist, a file must really be a scan), and those refusals are the point.
    """
    case.call_and_validate(
        headers=_with_valid_key(case, admin_token),
        excluded_checks=[schemathesis.checks.positive_data_acceptance],
    )


def _with_valid_key(case: schemathesis.Case, admin_token: str) -> dict[str, str]:
    """A valid key in place of the generated one, and no key where the case left it out.

    A negative case may leave out the required `Authorization` header as its violation; putting a valid key
    back would turn it into a valid request the API rightly accepts, which schemathesis then reports as
    "ST201 schema-violating request accepted" (hypothesis reaches that case only sometimes).
    """
    if any(name.lower() == "authorization" for name in case.headers or {}):
        return {"Authorization": f"Bearer {admin_token}"}
    return {}
