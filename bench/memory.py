"""Peak memory of `sohoa digitise` on a long scanned PDF: pages must stream, not pile up.

    python -m bench.memory [--pages 100] [--keep FILE.pdf]

Builds a PDF of `--pages` A4 pages at 300 dpi from a few generated scans (the same page images
repeated, so the file stays a few MB while every page is still rendered, cleaned and read), runs
`sohoa digitise FILE --dossier-id … --doc-type application_form --json` in a subprocess with a
throw-away `SOHOA_DATA_DIR`, and reports the sohoa process's own peak (its ru_maxrss, and VmHWM
polled from /proc as a check) and the largest peak of any program it ran (ru_maxrss of its
children: Tesseract, pdftoppm). Benchmark code: it writes files and runs programs.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from samples.generate import dossier_for, make_sample

LIMIT_MB = 600.0
SEED = 5


def build_pdf(pages: int, path: Path) -> None:
    """A `pages`-page scanned PDF made of a few generated scans repeated (each image stored once)."""
    sources = [
        PdfReader(io.BytesIO(make_sample(doc_type, "pdf", SEED, i, dossier_for(SEED, 0)).data))
        for i, doc_type in enumerate(("application_form", "business_registration"))
    ]
    distinct = [page for reader in sources for page in reader.pages]
    writer = PdfWriter()
    for i in range(pages):
        writer.add_page(distinct[i % len(distinct)])
    with path.open("wb") as fh:
        writer.write(fh)


# Runs the `sohoa` command in-process and, on the way out, reports its own peak and its children's.
_WRAPPER = """
import resource, sys
from api.cli import main
sys.argv = ["sohoa", *sys.argv[1:]]
try:
    code = main()
except SystemExit as exc:
    code = exc.code
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"SOHOA-PEAK-KB {own} {kids}", file=sys.stderr)
sys.exit(code or 0)
"""


def _vm_hwm_kb(pid: int) -> int:
    """The process's peak resident set (VmHWM) in kB, 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run(pdf: Path) -> dict[str, float]:
    """Digitise `pdf` in a subprocess; seconds, pages and peak memory in MB."""
    with tempfile.TemporaryDirectory(prefix="sohoa-mem-") as data:
        env = {**os.environ, "SOHOA_DATA_DIR": data}
        args = ["digitise", str(pdf), "--dossier-id", dossier_for(SEED, 1), "--doc-type", "application_form", "--json"]
        command = [sys.executable, "-c", _WRAPPER, *args]
        start = time.perf_counter()
        # output goes to files: a pipe nobody reads fills up with log lines and stalls the child
        with tempfile.TemporaryFile() as out_file, tempfile.TemporaryFile() as err_file:
            proc = subprocess.Popen(command, env=env, stdout=out_file, stderr=err_file)
            peak_kb = 0
            while proc.poll() is None:
                peak_kb = max(peak_kb, _vm_hwm_kb(proc.pid))
                time.sleep(0.2)
            seconds = time.perf_counter() - start
            out_file.seek(0)
            err_file.seek(0)
            out, err = out_file.read(), err_file.read()
    if proc.returncode != 0:
        raise SystemExit(f"sohoa digitise failed ({proc.returncode}): {err.decode()[-2000:]}")
    result = json.loads(out)
    pages = len(result["documents"][0]["pages"])
    own_kb, kids_kb = (int(v) for v in err.decode().rsplit("SOHOA-PEAK-KB", 1)[1].split()[:2])
    return {
        "pages": pages,
        "seconds": seconds,
        "sohoa_peak_mb": max(own_kb, peak_kb) / 1024,
        "largest_child_peak_mb": kids_kb / 1024,
    }


def main(argv: list[str] | None = None) -> int:
    """Build the PDF, digitise it, print the peaks; exit 1 when sohoa's peak passes the limit."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--keep", type=Path, help="also write the generated PDF here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sohoa-mem-pdf-") as tmp:
        pdf = args.keep or Path(tmp) / f"scan-{args.pages}.pdf"
        build_pdf(args.pages, pdf)
        size_mb = pdf.stat().st_size / 1e6
        report = run(pdf)
    print(f"PDF: {args.pages} pages at 300 dpi, {size_mb:.1f} MB")
    print(
        f"digitised {report['pages']:.0f} pages in {report['seconds']:.0f} s "
        f"({report['seconds'] / max(1, report['pages']):.2f} s/page)"
    )
    print(
        f"peak RSS: sohoa process {report['sohoa_peak_mb']:.0f} MB, "
        f"largest child (tesseract/pdftoppm) {report['largest_child_peak_mb']:.0f} MB, limit {LIMIT_MB:.0f} MB"
    )
    return 0 if report["sohoa_peak_mb"] < LIMIT_MB else 1


if __name__ == "__main__":
    raise SystemExit(main())
