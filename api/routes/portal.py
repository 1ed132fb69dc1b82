"""A dossier's digitised components in the national public service portal's shape (`TaiLieuNop`).

The portal's dossier sync (as OpenCPS implements `DongBoHoSoMC`) carries submitted files as
`TaiLieuNop` entries beside `MaHoSo` and `MaTTHC`, dates as `yyyyMMddHHmmss` in Asia/Ho_Chi_Minh;
a one-stop system's sync job can take sohoa's signed copies from here without a translation layer.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Path, Request

from storage.keys import DOSSIER_ID_EXAMPLE, validate_dossier_id
from storage.records import DocumentRecord, Status

from ..deps import AccessDep, CatalogueDep, Reader
from ..errors import responses

router = APIRouter(prefix="/v1", tags=["dossiers"])
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def portal_date(moment: datetime | str | None) -> str | None:
    """`yyyyMMddHHmmss` in Vietnam's time zone (naive datetimes are the catalogue's UTC)."""
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VIETNAM).strftime("%Y%m%d%H%M%S")


def _entry(doc: DocumentRecord, request: Request) -> dict[str, Any]:
    component = doc.component or {}
    link = str(request.url_for("get_file", document_id=doc.document_id, name="searchable.pdf"))
    return {
        "TepDinhKemId": doc.document_id,
        "TenTepDinhKem": component.get("component_name") or doc.source,
        "MaThanhPhanHoSo": component.get("component_code") or "",
        "DuongDanTaiTepTin": link,
        "NgaySoHoa": portal_date(component.get("digitised_at")),
        "MaHashTepTin": component.get("signed_sha256"),
    }


@router.get(
    "/dossiers/{dossier_id}/portal",
    summary="The dossier's components as the national portal's TaiLieuNop entries",
    description="`MaHoSo`, `MaTTHC` (the first procedure code given at upload), `NgayTiepNhan` (first receipt, "
    "yyyyMMddHHmmss, Asia/Ho_Chi_Minh) and one `TaiLieuNop` entry per digitised document: "
    "`TepDinhKemId`, `TenTepDinhKem` (component name, else the file name), `MaThanhPhanHoSo`, "
    "`DuongDanTaiTepTin` (download link of the signed PDF/A copy; send the same API key), and sohoa's "
    "`NgaySoHoa` and `MaHashTepTin` (SHA-256 of the signed copy). Documents not digitised yet are "
    "counted in `ChuaSoHoa`. Logged in the audit log.",
    responses=responses(400, 401, 403, 404),
)
def get_portal(
    dossier_id: Annotated[str, Path(description="AAA.BB.CC.DNN-YYMMDD-NNNN", examples=[DOSSIER_ID_EXAMPLE])],
    request: Request,
    key: Reader,
    catalogue: CatalogueDep,
    access: AccessDep,
) -> dict[str, Any]:
    """The dossier in the portal's dossier-sync shape."""
    dossier_id = validate_dossier_id(dossier_id)
    documents = catalogue.dossier_documents(dossier_id)
    done = [d for d in documents if d.status == Status.DIGITISED and d.objects.get("searchable_pdf")]
    codes = [c for d in documents if (c := (d.component or {}).get("procedure_code"))]
    access.record(key, "dossier.portal", dossier_id=dossier_id, detail={"documents": len(done)})
    return {
        "MaHoSo": dossier_id,
        "MaTTHC": codes[0] if codes else None,
        "NgayTiepNhan": portal_date(min((d.created_at for d in documents), default=None)),
        "TaiLieuNop": [_entry(d, request) for d in done],
        "ChuaSoHoa": len(documents) - len(done),
    }
