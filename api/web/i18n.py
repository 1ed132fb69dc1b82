"""Every word the web page shows, Vietnamese first and English as a switch (cookie `lang`).

`text(lang, key, **values)` gives one message; a key missing in English falls back to Vietnamese,
so the page never shows a bare key. Error codes (`core.errors`) and failed documents' codes map to
messages a clerk can act on; the service's English messages never reach the page.
"""

from __future__ import annotations

from typing import Any

LANGUAGES = ("vi", "en")
DEFAULT = "vi"

MESSAGES: dict[str, tuple[str, str]] = {
    # frame
    "app": ("Số hoá hồ sơ một cửa", "One-stop dossier digitisation"),
    "nav.intake": ("Tiếp nhận", "Intake"),
    "nav.review": ("Cần kiểm tra", "Review"),
    "nav.search": ("Tra cứu", "Search"),
    "nav.admin": ("Quản trị", "Admin"),
    "nav.docs": ("API", "API"),
    "nav.logout": ("Đăng xuất", "Sign out"),
    "nav.lang": ("English", "Tiếng Việt"),
    "nav.signed_in": ("Đăng nhập: {user} ({role})", "Signed in: {user} ({role})"),
    "skip": ("Bỏ qua, tới nội dung chính", "Skip to main content"),
    "role.intake": ("tiếp nhận", "intake"),
    "role.reviewer": ("kiểm tra", "reviewer"),
    "role.reader": ("tra cứu", "reader"),
    "role.admin": ("quản trị", "admin"),
    # sign-in
    "login.title": ("Đăng nhập", "Sign in"),
    "login.username": ("Tên đăng nhập", "Username"),
    "login.password": ("Mật khẩu", "Password"),
    "login.submit": ("Đăng nhập", "Sign in"),
    "login.failed": ("Sai tên đăng nhập hoặc mật khẩu.", "Wrong username or password."),
    "login.locked": (
        "Tài khoản tạm khoá do nhập sai mật khẩu nhiều lần. Thử lại sau {time}.",
        "The account is locked after too many wrong passwords. Try again after {time}.",
    ),
    "login.signed_out": ("Đã đăng xuất.", "Signed out."),
    "login.expired": ("Phiên làm việc đã hết hạn, vui lòng đăng nhập lại.", "Your session has ended; please sign in."),
    # intake
    "intake.title": ("Tiếp nhận hồ sơ", "Receive a dossier"),
    "intake.dossier": ("Mã hồ sơ", "Dossier code"),
    "intake.dossier_help": (
        "Dạng AAA.BB.CC.DNN-YYMMDD-NNNN: mã cơ quan, ngày nhận (năm-tháng-ngày, 2 chữ số mỗi phần), "
        "số thứ tự trong ngày (từ 4 chữ số). Ví dụ: {example}",
        "Shaped AAA.BB.CC.DNN-YYMMDD-NNNN: agency code, date received (year, month, day, 2 digits each), "
        "order number that day (4 or more digits). Example: {example}",
    ),
    "intake.dossier_ok": ("Mã hồ sơ hợp lệ.", "The dossier code is valid."),
    "intake.dossier_bad": ("Mã hồ sơ chưa đúng dạng.", "The dossier code does not have the right shape."),
    "intake.dossier_date": ("Ngày nhận trong mã hồ sơ không có thật.", "The date in the dossier code does not exist."),
    "intake.qr": ("Đọc mã QR trên biên nhận", "Read the receipt's QR code"),
    "intake.qr_reading": ("Đang đọc mã QR…", "Reading the QR code…"),
    "intake.qr_none": (
        "Không đọc được mã hồ sơ từ ảnh này; hãy chụp gần và rõ mã QR, hoặc gõ mã.",
        "No dossier code could be read from this picture; photograph the QR code closer, or type it.",
    ),
    "intake.files": ("Tệp quét hoặc ảnh chụp", "Scans or photos"),
    "intake.drop": (
        "Kéo thả tệp vào đây, bấm để chọn, hoặc chụp ảnh bằng điện thoại. JPEG, PNG, TIFF hoặc PDF.",
        "Drop files here, click to pick them, or take a photo with the phone. JPEG, PNG, TIFF or PDF.",
    ),
    "intake.pick": ("Chọn tệp hoặc chụp ảnh", "Pick files or take a photo"),
    "intake.chosen": ("Đã chọn {n} tệp", "{n} files chosen"),
    "intake.doc_type": ("Loại giấy tờ", "Document type"),
    "intake.doc_type_auto": ("Tự nhận biết", "Detect automatically"),
    "intake.submit": ("Gửi số hoá", "Send for digitisation"),
    "intake.recent": ("Hồ sơ vừa tiếp nhận", "Recently received"),
    # dossier
    "dossier.title": ("Hồ sơ {id}", "Dossier {id}"),
    "dossier.empty": ("Hồ sơ chưa có giấy tờ nào.", "The dossier has no documents yet."),
    "dossier.received": ("Đã nhận {n} tệp.", "{n} files received."),
    "dossier.duplicate": (
        "{n} tệp đã có trong hồ sơ, không lưu lại lần nữa.",
        "{n} files were already in the dossier and were not stored again.",
    ),
    "col.source": ("Tệp", "File"),
    "col.type": ("Loại", "Type"),
    "col.status": ("Trạng thái", "Status"),
    "col.received": ("Ngày nhận", "Received"),
    "col.review": ("Kiểm tra", "Review"),
    "col.dossier": ("Hồ sơ", "Dossier"),
    "col.snippet": ("Trích đoạn", "Snippet"),
    "status.queued": ("Đang chờ", "Queued"),
    "status.processing": ("Đang xử lý", "Processing"),
    "status.processing_page": ("Đang xử lý trang {n}/{m}", "Processing page {n} of {m}"),
    "status.digitised": ("Đã số hoá", "Digitised"),
    "status.failed": ("Lỗi", "Failed"),
    "review.needed": ("Cần kiểm tra", "Needs review"),
    "review.none": ("Không", "No"),
    # document
    "doc.title": ("Giấy tờ: {source}", "Document: {source}"),
    "doc.page": ("Trang {n}", "Page {n}"),
    "doc.fields": ("Thông tin trích xuất", "Extracted fields"),
    "doc.no_fields": ("Không có trường thông tin nào.", "No fields."),
    "doc.confidence": ("Độ tin cậy", "Confidence"),
    "doc.valid": ("Hợp lệ", "Valid"),
    "doc.invalid": ("Không hợp lệ", "Invalid"),
    "doc.ocr_value": ("Giá trị OCR: {value}", "OCR value: {value}"),
    "doc.corrected": ("Sửa bởi {who} lúc {when}", "Corrected by {who} at {when}"),
    "doc.correct": ("Sửa", "Correct"),
    "doc.save": ("Lưu", "Save"),
    "doc.accept": ("Xác nhận tất cả (A)", "Accept all (A)"),
    "doc.next": ("Giấy tờ tiếp theo (N)", "Next document (N)"),
    "doc.shortcuts": (
        "Phím tắt: A xác nhận, C sửa trường đầu tiên cần kiểm tra, N tiếp theo, Esc bỏ sửa.",
        "Shortcuts: A accept, C correct the first field to check, N next, Esc cancel.",
    ),
    "doc.download_pdf": ("Tải PDF tìm kiếm được", "Download searchable PDF"),
    "doc.download_original": ("Tải bản gốc", "Download original"),
    "doc.text": ("Văn bản nhận dạng", "Recognised text"),
    "doc.failed_reason": ("Lý do: {reason}", "Reason: {reason}"),
    "doc.saved": ("Đã lưu.", "Saved."),
    "doc.waiting": (
        "Giấy tờ đang được số hoá; trang sẽ tự cập nhật.",
        "The document is being digitised; this page updates itself.",
    ),
    "doc.show_box": ("Bấm vào một trường để xem vị trí trên trang.", "Click a field to see where it was read."),
    "doc.needs_review": ("Giấy tờ này cần kiểm tra.", "This document needs review."),
    # an ID card's sides and generations, and what a reviewer must look at (findings)
    "card.side.front": ("Mặt trước", "Front"),
    "card.side.back": ("Mặt sau", "Back"),
    "card.side.both": ("Cả hai mặt", "Both sides"),
    "card.type.cmnd": ("Chứng minh nhân dân", "Identity card (CMND)"),
    "card.type.cccd": ("Căn cước công dân mã vạch", "Citizen ID card, barcode"),
    "card.type.cccd_chip": ("Căn cước công dân gắn chip", "Citizen ID card with chip"),
    "card.type.can_cuoc": ("Thẻ Căn cước (2024)", "Identity card (2024)"),
    "finding.title": ("Điểm cần đối chiếu", "Findings to check"),
    "finding.qr_print_mismatch": ("Chữ in trên thẻ khác mã QR", "The print differs from the QR code"),
    "finding.mrz_print_mismatch": ("Chữ in trên thẻ khác vùng MRZ", "The print differs from the MRZ"),
    "finding.qr_mrz_mismatch": ("Mã QR khác vùng MRZ", "The QR code differs from the MRZ"),
    "finding.page_unreadable": ("Trang {page} đọc không rõ", "Page {page} was read badly"),
    "finding.other": ("Cần đối chiếu với bản gốc", "To check against the original"),
    # review
    "queue.title": ("Giấy tờ cần kiểm tra", "Documents awaiting review"),
    "queue.empty": ("Không còn giấy tờ nào cần kiểm tra.", "Nothing is waiting for review."),
    "queue.open": ("Mở", "Open"),
    "queue.hint": ("Phím N: mở giấy tờ cũ nhất.", "Key N: open the oldest document."),
    # search
    "search.title": ("Tra cứu", "Search"),
    "search.q": ("Từ khoá (không cần dấu)", "Words (diacritics optional)"),
    "search.field": ("Trường", "Field"),
    "search.value": ("Giá trị chính xác", "Exact value"),
    "search.any_type": ("Mọi loại", "Any type"),
    "search.any_field": ("— không lọc —", "— no filter —"),
    "search.submit": ("Tìm", "Search"),
    "search.total": ("{n} kết quả", "{n} results"),
    "search.none": ("Không tìm thấy giấy tờ nào.", "No document found."),
    "search.more": ("Trang sau", "Next page"),
    "search.prev": ("Trang trước", "Previous page"),
    # admin
    "admin.title": ("Quản trị", "Administration"),
    "admin.counts": (
        "Số lượng theo ngày nhận, giờ UTC ({first} – {last})",
        "Daily counts by day received, UTC ({first} – {last})",
    ),
    "admin.from": ("Từ ngày", "From"),
    "admin.to": ("Đến ngày", "To"),
    "admin.show": ("Xem", "Show"),
    "admin.day": ("Ngày", "Day"),
    "admin.total": ("Tổng", "Total"),
    "admin.by_type": ("Theo loại giấy tờ", "By document type"),
    "admin.chart": ("Biểu đồ tiếp nhận theo ngày", "Documents received per day"),
    "admin.keys": ("Khoá API", "API keys"),
    "admin.users": ("Tài khoản", "Users"),
    "admin.name": ("Tên", "Name"),
    "admin.role": ("Vai trò", "Role"),
    "admin.created": ("Ngày tạo", "Created"),
    "admin.last_login": ("Đăng nhập gần nhất", "Last sign-in"),
    "admin.state": ("Tình trạng", "State"),
    "admin.active": ("Đang dùng", "Active"),
    "admin.disabled": ("Đã khoá", "Disabled"),
    "admin.locked": ("Tạm khoá", "Locked"),
    "admin.disable": ("Khoá tài khoản", "Disable"),
    "admin.new_user": ("Tạo tài khoản", "New user"),
    "admin.create": ("Tạo", "Create"),
    "admin.user_created": ("Đã tạo tài khoản {user}.", "User {user} created."),
    "admin.user_disabled": (
        "Đã khoá tài khoản {user}; các phiên của tài khoản đã kết thúc.",
        "User {user} disabled; their sessions have ended.",
    ),
    "admin.key_revoked": ("Đã thu hồi khoá API.", "API key revoked."),
    "admin.new_key": ("Tạo khoá API", "New API key"),
    "admin.revoke": ("Thu hồi", "Revoke"),
    "admin.key_once": (
        "Khoá mới {name} ({role}). Hãy lưu ngay: khoá chỉ hiện một lần này. Dùng như 'Authorization: Bearer <khoá>'.",
        "New key {name} ({role}). Store it now: it is shown only this once. Use it as 'Authorization: Bearer <key>'.",
    ),
    "count.received": ("Đã nhận", "Received"),
    "count.queued": ("Đang chờ", "Queued"),
    "count.processing": ("Đang xử lý", "Processing"),
    "count.digitised": ("Đã số hoá", "Digitised"),
    "count.failed": ("Lỗi", "Failed"),
    "count.needs_review": ("Cần kiểm tra", "Needs review"),
    # errors (by core.errors code)
    "error.title": ("Không thực hiện được", "That did not work"),
    "error.back": ("Quay lại", "Go back"),
    "error.invalid_dossier_id": (
        "Mã hồ sơ không đúng dạng AAA.BB.CC.DNN-YYMMDD-NNNN (ví dụ {example}).",
        "The dossier code is not shaped AAA.BB.CC.DNN-YYMMDD-NNNN (e.g. {example}).",
    ),
    "error.unsupported_file_type": (
        "Tệp không phải ảnh JPEG, PNG, TIFF hoặc PDF.",
        "The file is not a JPEG, PNG, TIFF or PDF.",
    ),
    "error.file_too_large": (
        "Tệp quá lớn. Hãy tách tệp hoặc quét ở 300 dpi.",
        "The file is too large. Split it or scan at 300 dpi.",
    ),
    "error.request_too_large": ("Tệp gửi lên quá lớn.", "The upload is too large."),
    "error.too_many_pages": (
        "Tệp có quá nhiều trang; hãy tách thành nhiều tệp.",
        "The file has too many pages; split it.",
    ),
    "error.image_too_large": ("Ảnh quá lớn (quá nhiều điểm ảnh).", "The image is too large (too many pixels)."),
    "error.corrupt_file": (
        "Tệp bị hỏng hoặc không đọc được; hãy quét hoặc chụp lại.",
        "The file is damaged or unreadable; scan or photograph it again.",
    ),
    "error.encrypted_pdf": (
        "Tệp PDF có mật khẩu; hãy gửi bản không khoá.",
        "The PDF is password-protected; send an unlocked copy.",
    ),
    "error.empty_file": ("Tệp rỗng.", "The file is empty."),
    "error.invalid_request": (
        "Yêu cầu không hợp lệ; hãy kiểm tra lại thông tin đã nhập.",
        "The request is invalid; check what was entered.",
    ),
    "error.no_files": ("Hãy chọn ít nhất một tệp.", "Choose at least one file."),
    "error.not_found": ("Không tìm thấy.", "Not found."),
    "error.forbidden": (
        "Tài khoản của bạn (vai trò {role}) không được dùng chức năng này.",
        "Your account (role {role}) may not use this.",
    ),
    "error.csrf": (
        "Biểu mẫu đã hết hạn hoặc không hợp lệ; hãy tải lại trang và thử lại.",
        "The form has expired or is invalid; reload the page and try again.",
    ),
    "error.conflict": ("Chưa thể sửa: giấy tờ chưa số hoá xong.", "Not yet: the document is not digitised."),
    "error.correction": ("Giá trị không hợp lệ cho trường này.", "That value is not valid for this field."),
    "error.temporarily_unavailable": (
        "Hệ thống lưu trữ tạm thời gián đoạn; thử lại sau ít phút.",
        "Storage is briefly unavailable; try again in a few minutes.",
    ),
    "error.internal_error": (
        "Đã có lỗi của hệ thống; lỗi đã được ghi lại.",
        "Something went wrong on our side; it has been logged.",
    ),
    "error.user_exists": ("Tên đăng nhập đã tồn tại.", "That username is taken."),
    "error.weak_password": ("Mật khẩu cần ít nhất 10 ký tự.", "A password needs at least 10 characters."),
    "error.bad_username": (
        "Tên đăng nhập gồm 2–64 ký tự a-z, 0-9, '.', '_' hoặc '-'.",
        "A username is 2-64 characters: a-z, 0-9, '.', '_' or '-'.",
    ),
    # why a document failed (documents.error_code)
    "failed.processing_error": ("lỗi xử lý của hệ thống", "a processing fault"),
    "failed.corrupt_file": ("tệp bị hỏng, không đọc được", "the file is damaged"),
    "failed.encrypted_pdf": ("PDF có mật khẩu", "the PDF is password-protected"),
    "failed.too_many_pages": ("quá nhiều trang", "too many pages"),
    "failed.image_too_large": ("ảnh quá lớn", "the image is too large"),
    "failed.unsupported_file_type": ("không phải ảnh hoặc PDF", "not an image or PDF"),
    "failed.stuck": ("xử lý quá lâu", "processing took too long"),
    "failed.empty_file": ("tệp rỗng", "the file is empty"),
    "failed.file_too_large": ("tệp quá lớn", "the file is too large"),
    "failed.missing_dependency": (
        "máy chủ thiếu phần mềm nhận dạng; báo quản trị",
        "a program is missing on the server",
    ),
    "failed.internal_error": ("lỗi xử lý của hệ thống", "a processing fault"),
}

# Document types and field names as a clerk knows them.
DOC_TYPES: dict[str, tuple[str, str]] = {
    "citizen_id_card": ("Căn cước / CCCD", "Citizen ID card"),
    "birth_registration_form": ("Tờ khai đăng ký khai sinh", "Birth registration form"),
    "application_form": ("Đơn đề nghị", "Application form"),
    "business_registration": ("Giấy chứng nhận đăng ký doanh nghiệp", "Business registration"),
    "land_use_certificate": ("Giấy chứng nhận quyền sử dụng đất", "Land use certificate"),
    "official_document": ("Văn bản hành chính", "Official document"),
    "unknown": ("Chưa xác định", "Unknown"),
    "unclassified": ("Chưa phân loại", "Not yet classified"),
}

FIELD_NAMES: dict[str, tuple[str, str]] = {
    "id_number": ("Số định danh", "ID number"),
    "full_name": ("Họ và tên", "Full name"),
    "date_of_birth": ("Ngày sinh", "Date of birth"),
    "sex": ("Giới tính", "Sex"),
    "nationality": ("Quốc tịch", "Nationality"),
    "place_of_origin": ("Quê quán", "Place of origin"),
    "place_of_residence": ("Nơi thường trú", "Place of residence"),
    "date_of_expiry": ("Có giá trị đến", "Date of expiry"),
    "requester_name": ("Người yêu cầu", "Requester"),
    "requester_id_number": ("Số định danh người yêu cầu", "Requester ID number"),
    "child_name": ("Họ tên trẻ", "Child's name"),
    "child_date_of_birth": ("Ngày sinh của trẻ", "Child's date of birth"),
    "child_sex": ("Giới tính của trẻ", "Child's sex"),
    "child_ethnicity": ("Dân tộc", "Ethnicity"),
    "place_of_birth": ("Nơi sinh", "Place of birth"),
    "applicant_name": ("Người làm đơn", "Applicant"),
    "phone": ("Số điện thoại", "Phone"),
    "email": ("Thư điện tử", "Email"),
    "enterprise_code": ("Mã số doanh nghiệp", "Enterprise code"),
    "company_name": ("Tên doanh nghiệp", "Company name"),
    "head_office_address": ("Địa chỉ trụ sở", "Head office"),
    "first_registration_date": ("Ngày đăng ký lần đầu", "First registered"),
    "charter_capital": ("Vốn điều lệ", "Charter capital"),
    "legal_representative": ("Người đại diện theo pháp luật", "Legal representative"),
    "representative_id_number": ("Số định danh người đại diện", "Representative ID number"),
    "owner_name": ("Người sử dụng đất", "Owner"),
    "owner_id_number": ("Số định danh chủ sử dụng", "Owner ID number"),
    "parcel_number": ("Thửa đất số", "Parcel number"),
    "map_sheet_number": ("Tờ bản đồ số", "Map sheet number"),
    "area_m2": ("Diện tích (m²)", "Area (m²)"),
    "land_address": ("Địa chỉ thửa đất", "Land address"),
    "certificate_serial": ("Số phát hành", "Certificate serial"),
    "issue_date": ("Ngày cấp / ngày ban hành", "Date of issue"),
    "old_id_number": ("Số CMND cũ", "Old ID number"),
    "personal_identification": ("Đặc điểm nhận dạng", "Personal identification"),
    "issuing_authority": ("Cơ quan ban hành", "Issuing authority"),
    "document_number": ("Số, ký hiệu", "Number and symbol"),
    "issue_place": ("Địa danh", "Place of issue"),
    "document_kind": ("Loại văn bản", "Document kind"),
    "subject": ("Trích yếu", "Subject"),
    "signer_name": ("Người ký", "Signer"),
    "signer_title": ("Chức vụ người ký", "Signer's title"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" and pair[1] else pair[0]


def text(lang: str, key: str, **values: object) -> str:
    """One message in `lang` (Vietnamese when missing), with `{name}` values filled in."""
    pair = MESSAGES.get(key)
    if pair is None:
        return key
    message = _pick(pair, lang)
    return message.format(**values) if values else message


def failure_reason(lang: str, code: str | None) -> str:
    """Why a document failed, from its error code."""
    pair = MESSAGES.get(f"failed.{code or 'processing_error'}") or MESSAGES["failed.processing_error"]
    return _pick(pair, lang)


def finding_text(lang: str, finding: dict[str, Any]) -> str:
    """What a finding asks the clerk to check, from its code (the service's message is not shown)."""
    pair = MESSAGES.get(f"finding.{finding.get('code')}") or MESSAGES["finding.other"]
    return _pick(pair, lang).format(page=finding.get("page", "?"))


def doc_type_name(lang: str, doc_type: str | None) -> str:
    """A document type as a clerk names it."""
    return _pick(DOC_TYPES.get(doc_type or "unclassified", (doc_type or "", doc_type or "")), lang)


def field_name(lang: str, name: str) -> str:
    """A field name as printed on the paper; resolved-address extras get a suffix."""
    for suffix, vi, en in (("_province", "tỉnh/thành", "province"), ("_commune", "xã/phường", "commune")):
        if name.endswith(suffix) and name[: -len(suffix)] in FIELD_NAMES:
            base = field_name(lang, name[: -len(suffix)])
            return f"{base} ({en if lang == 'en' else vi})"
    return _pick(FIELD_NAMES.get(name, (name, name)), lang)
