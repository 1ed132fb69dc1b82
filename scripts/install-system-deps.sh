#!/usr/bin/env bash
# Install the system packages sohoa and its test suite need, when any is missing: Tesseract with the
# Vietnamese and orientation data, poppler (pdftoppm, pdftotext, pdfimages), the DejaVu fonts (core AND
# extra: the samples use DejaVu Serif Condensed), the Liberation fonts (samples/stacks.py), redis-server
# (the tests start a private Redis) and venv support. Used by `make demo` and `make test`; safe to run again.
set -euo pipefail

need=()
have_font() { fc-list 2>/dev/null | grep -q "$1" || [ -n "$(find /usr/share/fonts -name "$1" -print -quit 2>/dev/null)" ]; }

command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
if command -v tesseract >/dev/null 2>&1; then
  langs=$(tesseract --list-langs 2>/dev/null || true)
  grep -qx vie <<<"$langs" || need+=(tesseract-ocr-vie)
  grep -qx osd <<<"$langs" || need+=(tesseract-ocr-osd)
else
  need+=(tesseract-ocr-vie tesseract-ocr-osd)
fi
for tool in pdftoppm pdftotext pdfimages pdfinfo; do
  command -v "$tool" >/dev/null 2>&1 || { need+=(poppler-utils); break; }
done
have_font DejaVuSans.ttf || need+=(fonts-dejavu-core)
have_font DejaVuSerifCondensed-Bold.ttf || need+=(fonts-dejavu-extra)
have_font LiberationSerif-Regular.ttf || need+=(fonts-liberation)
command -v fc-list >/dev/null 2>&1 || need+=(fontconfig)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
[ -f /usr/share/fonts/opentype/ocr-b/OCRB.otf ] || need+=(fonts-ocr-b)  # the ID card MRZ
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || need+=(python3-venv)
# Debian's Chromium for the web page's browser tests (Playwright drives it; its own download cannot work here).
[ -x /usr/bin/chromium ] || need+=(chromium)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

echo "sohoa: installing system packages: ${need[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo"
else
  echo "sohoa: these system packages are missing: ${need[*]}" >&2
  echo "sohoa: run as root:  apt-get update && apt-get install -y ${need[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# A redis-server package starts a system Redis on 6379; the tests need only the binary (they start their own).
