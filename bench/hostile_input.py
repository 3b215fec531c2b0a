"""What hostile input costs: time and peak memory of reading spreadsheet bombs and of
rendering a PDF record with one very long word (issue #21, items 4 and 11).

Each case runs in its own process, so its peak memory (ru_maxrss) is its own; the figures
include the interpreter and Django (about 60-80 MB). Targets: under 2 s and 100 MB above
that floor for a bomb; a 100,000-character word renders.

    /work/main/.venv/bin/python bench/hostile_input.py
"""

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = {
    "floor": "Django set up, nothing read",
    "xlsx-declares-A1:XFD1048576": "5 KB XLSX declaring every cell of a sheet",
    "xlsx-row-1048576": "XLSX with a cell in the last row a sheet can have",
    "xlsx-zip-bomb": "XLSX with a part that unpacks to 51 MB",
    "csv-200000-bad-rows": "CSV of 200,000 short rows",
    "pdf-word-20000": "PDF record, one note of a 20,000-character word",
    "pdf-word-100000": "PDF record, one note of a 100,000-character word",
    "pdf-text-100000": "PDF record, one note of 100,000 characters of ordinary words (reference)",
}


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def _bomb(case):
    import io
    import zipfile

    from tests.referrals.test_import_hostile import HEADER_ROW, VALID_ROW, _row_xml, crafted_xlsx

    if case == "xlsx-declares-A1:XFD1048576":
        return crafted_xlsx([HEADER_ROW, VALID_ROW])
    if case == "xlsx-row-1048576":
        return crafted_xlsx([HEADER_ROW, VALID_ROW, _row_xml(1_048_576, {"A": "x"})])
    buffer = io.BytesIO(crafted_xlsx([HEADER_ROW, VALID_ROW]).read())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/media/padding.bin", "w") as part:
            for _ in range(51):
                part.write(bytes(1024 * 1024))
    return _upload("liste.xlsx", buffer.getvalue())


def _pdf(length, *, words=False):
    from brobygning.privacy import pdf
    from brobygning.privacy.export import Section

    note = ("hjemmebes " * (length // 10)) if words else "a" * length
    sections = [Section(key="journal", title="Journal", rows=[[("Note", note)]])]
    household = {"reference": "BB-0001"}
    return len(pdf.record_pdf(household, sections, base_url="http://127.0.0.1/"))


def run_case(case):
    import django

    django.setup()
    from referrals import importing

    def read(upload):
        try:
            return f"{len(importing.read_table(upload))} rows"
        except importing.ImportFileError as error:
            return f"refused: {error}"

    # The input is built before the clock starts (and before openpyxl is imported by it).
    if case.startswith("xlsx"):
        upload = _bomb(case)
        import openpyxl  # noqa: F401

        work = lambda: read(upload)  # noqa: E731
    elif case.startswith("csv"):
        content = "\n".join(["Lejemålsnummer;Husstand"] + ["x;y"] * 200_000).encode()
        work = lambda: read(_upload("liste.csv", content))  # noqa: E731
    elif case.startswith("pdf"):
        from brobygning.privacy import pdf

        pdf.load()
        length, words = int(case.rsplit("-", 1)[1]), case.startswith("pdf-text")
        work = lambda: f"{_pdf(length, words=words)} bytes of PDF"  # noqa: E731
    else:
        work = lambda: "-"  # noqa: E731
    started = time.perf_counter()
    outcome = work()
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{seconds:.2f}\t{peak_mb:.0f}\t{outcome[:90]}")


def main():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "brobygning.settings", "LANGUAGE": "en"}
    print(f"{'case':32} {'seconds':>8} {'peak MB':>8}  outcome")
    for case, description in CASES.items():
        out = subprocess.run(
            [sys.executable, __file__, case],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if out.returncode:
            print(f"{case:32} failed: {out.stderr.strip().splitlines()[-1:]}")
            continue
        seconds, peak, outcome = out.stdout.strip().splitlines()[-1].split("\t", 2)
        print(f"{case:32} {seconds:>8} {peak:>8}  {outcome}  ({description})")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        sys.path.insert(0, str(ROOT))
        run_case(sys.argv[1])
    else:
        main()
