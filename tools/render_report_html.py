"""Renders a Report's Jupyter HTML view (Report._repr_html_) to a page and
takes a PNG of it with headless Chromium: docs/images/report-html.png.

    python3 tools/render_report_html.py [--out docs/images/report-html.png]

Needs planlint installed (pip install .) and Chromium (apt-get install -y
chromium). The first rule's details are opened in the picture to show what
expanding a rule gives."""

import argparse
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import planlint

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "docs" / "images" / "report-html.png"))
    parser.add_argument("--html", help="also keep the page here")
    args = parser.parse_args()

    os.chdir(ROOT)  # file names as a user in the repository sees them
    report = planlint.check_many(["examples/draft"], as_of="2027-01-15", progress=False)
    view = report._repr_html_().replace('<details class="pl-rule">', '<details class="pl-rule" open>', 1)
    page = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>planlint report</title></head>"
            f"<body style=\"margin:16px;background:#fff\">{view}</body></html>")
    with tempfile.TemporaryDirectory() as tmp:
        html = Path(tmp) / "report.html"
        html.write_text(page, encoding="utf-8")
        if args.html:
            shutil.copy(html, args.html)
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        chromium = shutil.which("chromium") or shutil.which("chromium-browser") or "chromium"
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        "--disable-background-networking", "--disable-component-update", "--no-first-run",
                        f"--screenshot={out}", "--window-size=1200,900", html.as_uri()],
                       check=True, capture_output=True, timeout=120)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
