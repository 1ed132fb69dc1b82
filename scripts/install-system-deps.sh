#!/usr/bin/env bash
# Install the system packages sohoa needs (Tesseract with Vietnamese, poppler, fonts, venv support)
# when any is missing. Used by `make demo` and `make test`; safe to run again.
set -euo pipefail

need=()
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
if command -v tesseract >/dev/null 2>&1; then
  langs=$(tesseract --list-langs 2>/dev/null || true)
  grep -qx vie <<<"$langs" || need+=(tesseract-ocr-vie)
  grep -qx osd <<<"$langs" || need+=(tesseract-ocr-osd)
else
  need+=(tesseract-ocr-vie tesseract-ocr-osd)
fi
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
fc-list 2>/dev/null | grep -qi 'DejaVuSans.ttf' || need+=(fonts-dejavu-core)
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
