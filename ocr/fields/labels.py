"""The printed labels of each document type, and what kind of value follows each.

A spec with an empty `field` is a *stop* label: printed on the document but not a contract
field; it is matched only so that the value before it ends there and its own value is not taken
for another field's. Labels are written as printed (Vietnamese and English); matching folds them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .match import label_key


@dataclass(frozen=True)
class Spec:
    """A field (or a stop label, `field == ""`), its printed labels, and its value kind."""

    field: str
    labels: tuple[str, ...]
    kind: str = "text"
    after: str = ""  # a field whose label must come first (e.g. the land address after the parcel)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(label_key(label) for label in self.labels)


def _stop(*labels: str) -> Spec:
    return Spec("", labels, "stop")


_PERSON_STOPS = _stop(
    "Dân tộc",
    "Ethnicity",
    "Quốc tịch",
    "Nationality",
    "Nghề nghiệp",
    "Ngày cấp",
    "Nơi cấp",
    "cấp ngày",
    "Date of issue",
    "Ngày, tháng, năm cấp",
    "Tôn giáo",
    "Quê quán",
    "Nơi sinh",
    "Năm sinh",
    "sinh năm",
)
_HEADER_STOPS = _stop(
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "SOCIALIST REPUBLIC OF VIET NAM",
    "Independence - Freedom - Happiness",
    "Kính gửi",
)

SPECS: dict[str, tuple[Spec, ...]] = {
    "citizen_id_card": (
        Spec(
            "id_number",
            (
                "Số",
                "No",
                "Số định danh cá nhân",
                "Personal identification number",
                "Số CCCD",
                "Số CMND",
                "Identification number",
            ),
            "id",
        ),
        Spec(
            "full_name",
            ("Họ và tên", "Họ tên", "Full name", "Họ, chữ đệm và tên khai sinh", "Họ, chữ đệm và tên"),
            "name",
        ),
        Spec("date_of_birth", ("Ngày sinh", "Sinh ngày", "Date of birth", "Ngày, tháng, năm sinh"), "date"),
        Spec("sex", ("Giới tính", "Sex"), "sex"),
        Spec("nationality", ("Quốc tịch", "Nationality"), "nationality"),
        Spec("place_of_origin", ("Quê quán", "Place of origin", "Nguyên quán"), "address"),
        # The 2024 Căn cước prints the place of birth registration instead of a place of origin:
        # a different fact, kept as the extra field `place_of_birth`, never as `place_of_origin`.
        Spec("place_of_birth", ("Nơi đăng ký khai sinh", "Place of birth"), "address"),
        Spec(
            "place_of_residence",
            ("Nơi thường trú", "Place of residence", "Nơi cư trú", "Nơi ĐKHK thường trú"),
            "address",
        ),
        Spec(
            "date_of_expiry",
            ("Có giá trị đến", "Date of expiry", "Ngày, tháng, năm hết hạn", "Giá trị đến", "Expiry date"),
            "date",
        ),
        # the back of a card (issue #15)
        Spec(
            "issue_date",
            ("Ngày, tháng, năm cấp", "Date of issue", "Ngày, tháng, năm / Date, month, year", "Date, month, year"),
            "date",
        ),
        Spec(
            "personal_identification",
            ("Đặc điểm nhận dạng", "Personal identification", "Dấu vết riêng và dị hình"),
            "text",
        ),
        _HEADER_STOPS,
        _stop(
            "CĂN CƯỚC CÔNG DÂN",
            "CITIZEN IDENTITY CARD",
            "CĂN CƯỚC",
            "IDENTITY CARD",
            "CHỨNG MINH NHÂN DÂN",
            "GIẤY CHỨNG MINH NHÂN DÂN",
            "CỤC TRƯỞNG CỤC CẢNH SÁT",
            "GIÁM ĐỐC CÔNG AN TỈNH",
            "Ngón trỏ trái",
            "Ngón trỏ phải",
            "Left index finger",
            "Right index finger",
            "CỤC TRƯỞNG CỤC CẢNH SÁT QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI",
            "BỘ CÔNG AN",
            "Ministry of Public Security",
            "Dân tộc",
            "Tôn giáo",
        ),
    ),
    "birth_registration_form": (
        Spec(
            "requester_name",
            (
                "Họ, chữ đệm, tên người yêu cầu",
                "Họ, chữ đệm và tên người yêu cầu",
                "Họ và tên người yêu cầu",
                "Họ tên người yêu cầu",
            ),
            "name",
        ),
        Spec(
            "requester_id_number",
            ("Giấy tờ tùy thân", "Giấy tờ tuỳ thân", "Số định danh cá nhân", "Số giấy tờ tùy thân", "Số CCCD"),
            "id",
        ),
        Spec("child_name", ("Họ, chữ đệm, tên", "Họ, chữ đệm và tên", "Họ và tên", "Họ tên"), "name"),
        Spec("child_date_of_birth", ("Ngày, tháng, năm sinh", "Ngày sinh", "Sinh ngày"), "date"),
        Spec("child_sex", ("Giới tính",), "sex"),
        Spec("child_ethnicity", ("Dân tộc",), "ethnicity"),
        Spec("place_of_birth", ("Nơi sinh",), "address"),
        _HEADER_STOPS,
        _stop(
            "TỜ KHAI ĐĂNG KÝ KHAI SINH",
            "Nơi cư trú",
            "Quan hệ với người được khai sinh",
            "Quốc tịch",
            "Quê quán",
            "Họ, chữ đệm, tên người mẹ",
            "Họ, chữ đệm, tên người cha",
            "Họ, chữ đệm, tên mẹ",
            "Họ, chữ đệm, tên cha",
            "Năm sinh",
            "ghi bằng chữ",
            "bằng chữ",
            "Làm tại",
            "cấp ngày",
            "Đề nghị cơ quan đăng ký khai sinh cho người dưới đây",
            "Số định danh cá nhân của trẻ",
        ),
    ),
    "application_form": (
        Spec(
            "applicant_name",
            (
                "Họ và tên",
                "Họ, chữ đệm và tên",
                "Họ, chữ đệm, tên",
                "Họ tên",
                "Tên tôi là",
                "Tôi tên là",
                "Họ và tên người đề nghị",
            ),
            "name",
        ),
        Spec("date_of_birth", ("Ngày sinh", "Ngày, tháng, năm sinh", "Sinh ngày", "Ngày tháng năm sinh"), "date"),
        Spec("sex", ("Giới tính",), "sex"),
        Spec(
            "id_number",
            (
                "Số định danh cá nhân",
                "Số CCCD",
                "Số CMND/CCCD",
                "Số căn cước",
                "CCCD số",
                "Số căn cước công dân",
                "Số CMND",
                "Số giấy tờ tùy thân",
                "Số CCCD/CMND",
            ),
            "id",
        ),
        Spec(
            "place_of_residence",
            (
                "Nơi cư trú",
                "Nơi thường trú",
                "Địa chỉ thường trú",
                "Địa chỉ",
                "Chỗ ở hiện nay",
                "Nơi ở hiện nay",
                "Địa chỉ liên hệ",
            ),
            "address",
        ),
        Spec("phone", ("Số điện thoại", "Điện thoại", "SĐT", "Điện thoại liên hệ"), "phone"),
        Spec("email", ("Email", "E-mail", "Thư điện tử", "Địa chỉ thư điện tử", "Địa chỉ email"), "email"),
        _HEADER_STOPS,
        _PERSON_STOPS,
        _stop("ĐƠN ĐỀ NGHỊ", "Nội dung đề nghị", "Lý do", "Tôi xin cam đoan", "Người làm đơn", "Người đề nghị"),
    ),
    "business_registration": (
        Spec("enterprise_code", ("Mã số doanh nghiệp", "Mã số thuế"), "enterprise"),
        Spec(
            "company_name",
            (
                "Tên công ty viết bằng tiếng Việt",
                "Tên doanh nghiệp viết bằng tiếng Việt",
                "Tên công ty",
                "Tên doanh nghiệp",
            ),
            "company",
        ),
        Spec("head_office_address", ("Địa chỉ trụ sở chính", "Địa chỉ trụ sở"), "address"),
        Spec("first_registration_date", ("Đăng ký lần đầu",), "date"),
        Spec("charter_capital", ("Vốn điều lệ",), "money"),
        Spec(
            "legal_representative",
            (
                "Người đại diện theo pháp luật của công ty",
                "Người đại diện theo pháp luật của doanh nghiệp",
                "Người đại diện theo pháp luật",
                "Họ và tên",
                "Họ tên",
            ),
            "name",
        ),
        Spec(
            "representative_id_number",
            (
                "Số giấy tờ pháp lý của cá nhân",
                "Số giấy chứng thực cá nhân",
                "Số định danh cá nhân",
                "Số CCCD",
                "Số căn cước công dân",
                "Số giấy tờ pháp lý",
            ),
            "id",
        ),
        _HEADER_STOPS,
        _PERSON_STOPS,
        _stop(
            "Tên công ty viết bằng tiếng nước ngoài",
            "Tên công ty viết tắt",
            "Điện thoại",
            "Fax",
            "Email",
            "Website",
            "Bằng chữ",
            "Mệnh giá",
            "Tổng số cổ phần",
            "Chức danh",
            "Giới tính",
            "Loại giấy tờ pháp lý của cá nhân",
            "Loại giấy tờ chứng thực cá nhân",
            "Địa chỉ thường trú",
            "Địa chỉ liên lạc",
            "Nơi cư trú",
            "Đăng ký thay đổi lần thứ",
            "Phòng Đăng ký kinh doanh",
            "GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP",
            "Sở Kế hoạch và Đầu tư",
            "Sở Tài chính",
        ),
    ),
    "land_use_certificate": (
        Spec("owner_name", ("Ông", "Bà", "Ông (Bà)", "Họ và tên", "Họ tên", "Chủ sử dụng đất"), "name"),
        Spec(
            "owner_id_number",
            (
                "CCCD số",
                "Số CCCD",
                "Số định danh cá nhân",
                "CMND số",
                "Số CMND",
                "Căn cước công dân số",
                "Giấy tờ nhân thân",
                "Căn cước số",
            ),
            "id",
        ),
        Spec("parcel_number", ("Thửa đất số",), "digits"),
        Spec("map_sheet_number", ("Tờ bản đồ số",), "digits"),
        Spec("area_m2", ("Diện tích",), "area"),
        Spec("land_address", ("Địa chỉ thửa đất", "Địa chỉ"), "address", after="parcel_number"),
        Spec("certificate_serial", ("Số phát hành", "Số seri", "Số serial", "Số series"), "serial"),
        _HEADER_STOPS,
        _stop(
            "sinh năm",
            "Năm sinh",
            "Địa chỉ thường trú",
            "Nơi cư trú",
            "Hình thức sử dụng",
            "Mục đích sử dụng",
            "Thời hạn sử dụng",
            "Nguồn gốc sử dụng",
            "Số vào sổ cấp GCN",
            "Số vào sổ cấp giấy chứng nhận",
            "bằng chữ",
            "Ngày cấp",
            "cấp ngày",
            "Nơi cấp",
            "Ghi chú",
            "Nhà ở",
            "Công trình xây dựng khác",
            "Rừng sản xuất là rừng trồng",
            "Cây lâu năm",
            "Người sử dụng đất, chủ sở hữu nhà ở và tài sản khác gắn liền với đất",
            "Người sử dụng đất, chủ sở hữu nhà ở",
            "Người sử dụng đất",
            "Thửa đất, nhà ở và tài sản khác gắn liền với đất",
            "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT",
            "QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT",
        ),
    ),
}
