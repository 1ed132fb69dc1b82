"""Shared fixtures: an isolated embedded data folder, small real scans, and real-service gates.

Real-service fixtures (Redis, PostgreSQL, RabbitMQ) skip on a laptop without the service, but
fail when the `CI` environment variable is set: CI must never pass by skipping.
"""

from __future__ import annotations

import io
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import dramatiq
import pytest
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfWriter

from ingest import context

pytest_plugins = ["tests.support.api"]

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
DOSSIER = "000.00.36.H36-251125-0001"


def in_ci() -> bool:
    """Whether we run under CI (where a missing service is a failure, not a skip)."""
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def require_service(name: str, host: str, port: int) -> None:
    """Skip (laptop) or fail (CI) unless something listens on host:port."""
    try:
        with socket.create_connection((host, port), timeout=2):
            return
    except OSError as exc:
        message = f"{name} is not reachable on {host}:{port} ({exc})"
        if in_ci():
            pytest.fail(f"{message}; CI must provide it")
        pytest.skip(message)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty embedded data folder (folder store + SQLite) used by settings, store and catalogue."""
    folder = tmp_path / "data"
    monkeypatch.setenv("SOHOA_DATA_DIR", str(folder))
    for name in ("SOHOA_DATABASE_URL", "SOHOA_S3_ENDPOINT", "SOHOA_BROKER_URL"):
        monkeypatch.delenv(name, raising=False)
    context.reset()
    yield folder
    _stop_in_process_work()
    context.reset()


def _stop_in_process_work() -> None:
    """Let no worker thread or queued message of one test act on the next test's data folder."""
    from dramatiq.brokers.stub import StubBroker

    from ingest.receiving import service

    service.stop_workers(timeout_s=60)
    broker = dramatiq.get_broker()
    if isinstance(broker, StubBroker):
        broker.flush_all()


def blank_pdf(pages: int = 1, password: str | None = None) -> bytes:
    """An A4 PDF of blank pages, encrypted with a user password when one is given."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def render_lines(lines: list[str], *, size: int = 34, width: int = 1300, margin: int = 50) -> Image.Image:
    """A small white page with the given text lines in DejaVu Serif (an honest, quick scan)."""
    font = ImageFont.truetype(FONT, size)
    height = margin * 2 + int(size * 1.9) * len(lines)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((margin, margin + int(size * 1.9) * i), line, font=font, fill=(20, 20, 20))
    return image


CARD_LINES = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "CĂN CƯỚC CÔNG DÂN / CITIZEN IDENTITY CARD",
    "Số / No.: 068195001234",
    "Họ và tên / Full name: NGUYỄN VĂN ĐỨC",
    "Ngày sinh / Date of birth: 20/08/1995",
]

FORM_LINES = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "ĐƠN ĐỀ NGHỊ CẤP GIẤY XÁC NHẬN",
    "Họ và tên: TRẦN THỊ BÍCH NGỌC",
    "Số điện thoại: 0912345678",
]


@pytest.fixture
def card_jpeg(tmp_path: Path) -> Path:
    """A small citizen ID card scan as a 300 dpi JPEG."""
    path = tmp_path / "card.jpg"
    render_lines(CARD_LINES).save(path, quality=90, dpi=(300, 300))
    return path


@pytest.fixture
def two_page_pdf(tmp_path: Path) -> Path:
    """A scanned two-page PDF: an application form page and an ID card page."""
    path = tmp_path / "dossier.pdf"
    form, card = render_lines(FORM_LINES), render_lines(CARD_LINES)
    form.save(path, save_all=True, append_images=[card], resolution=300.0)
    return path


# --- service fixtures (scale, issue #5): moto S3, PostgreSQL, Redis ------------------------------------
# A fixture of this family skips when its service is unreachable on a laptop, and FAILS when `CI` is set.
import secrets  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402

PG_ADMIN_URL = os.environ.get("SOHOA_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")


def service_missing(what: str) -> None:
    """Skip on a laptop without the service; fail under CI, where every service must be there."""
    if in_ci():
        pytest.fail(f"{what} (CI is set, so this is a failure, not a skip)")
    pytest.skip(what)


def free_port() -> int:
    """A free TCP port on loopback (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout_s: float = 10.0) -> bool:
    """Whether something accepts connections on 127.0.0.1:`port` within the timeout."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


class MotoS3:
    """A moto S3 server on a free loopback port, in this process; stop/start keep its objects."""

    access_key = "testing-access"
    secret_key = "testing-secret-key"

    def __init__(self) -> None:
        self.port = free_port()
        self._server = None

    @property
    def endpoint(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        """Start (or restart) serving; the objects live in this process, so they survive a restart."""
        from moto.server import ThreadedMotoServer

        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self._server.start()
        if not wait_for_port(self.port):
            raise RuntimeError("moto server did not start")

    def stop(self) -> None:
        """Stop serving: clients get 'connection refused' until `start`."""
        if self._server is not None:
            self._server.stop()
            self._server = None

    def env(self, bucket: str) -> dict[str, str]:
        """The `SOHOA_S3_*` variables pointing at this server and `bucket`."""
        return {
            "SOHOA_S3_ENDPOINT": self.endpoint,
            "SOHOA_S3_ACCESS_KEY": self.access_key,
            "SOHOA_S3_SECRET_KEY": self.secret_key,
            "SOHOA_S3_BUCKET": bucket,
            "SOHOA_S3_SECURE": "false",
            "SOHOA_S3_REGION": "us-east-1",
        }


@pytest.fixture(scope="session")
def moto_s3() -> Iterator[MotoS3]:
    """A moto S3 server for the whole session (each test uses its own bucket)."""
    try:
        import moto.server  # noqa: F401
    except ImportError:
        service_missing("moto[server] is not installed")
    os.environ.setdefault("AWS_ACCESS_KEY_ID", MotoS3.access_key)
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", MotoS3.secret_key)
    server = MotoS3()
    server.start()
    yield server
    server.stop()


def new_bucket_name() -> str:
    """A bucket name no other test uses."""
    return f"sohoa-test-{secrets.token_hex(4)}"


@dataclass
class PostgresDatabase:
    """A throw-away database on the machine's PostgreSQL, dropped at the end of the session."""

    name: str
    admin_url: str

    @property
    def url(self) -> str:
        """SQLAlchemy URL (psycopg 3 driver)."""
        base = self.admin_url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
        return f"{base}/{self.name}"


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
        conn.execute(sql)


def create_pg_database(prefix: str = "sohoa_test") -> PostgresDatabase:
    """CREATE DATABASE with a unique name; skip/fail when PostgreSQL is unreachable."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        service_missing("psycopg is not installed")
    name = f"{prefix}_{os.getpid()}_{secrets.token_hex(3)}"
    try:
        _pg_admin(f'CREATE DATABASE "{name}"')
    except Exception as exc:  # noqa: BLE001 - any failure here means "no usable PostgreSQL"
        service_missing(f"PostgreSQL at {PG_ADMIN_URL} is unreachable: {exc}")
    return PostgresDatabase(name, PG_ADMIN_URL)


def drop_pg_database(db: PostgresDatabase) -> None:
    """DROP DATABASE, disconnecting whoever is still attached."""
    try:
        _pg_admin(f'DROP DATABASE IF EXISTS "{db.name}" WITH (FORCE)')
    except Exception:  # noqa: BLE001 - best effort at teardown
        pass


@pytest.fixture(scope="session")
def pg_database() -> Iterator[PostgresDatabase]:
    """One PostgreSQL database for the session's catalogue tests (tables emptied per test)."""
    db = create_pg_database()
    yield db
    drop_pg_database(db)


class RedisServer:
    """Our own `redis-server` on a free port with AOF on (fsync always), so a restart keeps messages."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start (or restart) the server on the same port and data folder."""
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.folder),
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--save",
                "",
                "--logfile",
                str(self.folder / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not wait_for_port(self.port):
            raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        """Stop the server (SIGTERM: it finishes writing its append-only file)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A private Redis for the session (so restarting it disturbs nobody else's tests)."""
    if not shutil.which("redis-server"):
        service_missing("redis-server is not installed (apt-get install redis-server)")
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


# --- end of service fixtures ------------------------------------------------------------------------


# --- RabbitMQ, and markers from the fixtures a test uses ----------------------------------------------
RABBITMQ_URL = os.environ.get("SOHOA_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")


@pytest.fixture
def rabbitmq_url() -> str:
    """The machine's RabbitMQ (guest/guest on 127.0.0.1:5672); skips on a laptop without it, fails under CI."""
    try:
        import pika  # noqa: F401 - dramatiq's RabbitMQ client
    except ImportError:
        service_missing("pika is not installed (dramatiq[rabbitmq])")
    require_service("RabbitMQ", "127.0.0.1", 5672)
    return RABBITMQ_URL


#: Fixtures that need a service on 127.0.0.1: a test using any of them is marked `services`.
SERVICE_FIXTURES = frozenset({"redis_server", "pg_database", "pg_api", "moto_s3", "rabbitmq_url"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark each test from the fixtures it uses (`-m "not services"` runs without Redis/PostgreSQL/RabbitMQ)."""
    for item in items:
        if SERVICE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.services)
