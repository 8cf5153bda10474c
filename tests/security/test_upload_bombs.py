"""Spreadsheet bombs cannot hold a worker or its memory (issue 12, item 1; docs/security.md).

Each bomb is built in memory as the probe built it: a small XLSX whose sheet unzips to
millions of rows, one whose shared string unzips to 300 MB, a sheet of blank rows just under
the size limits, an over-long cell, a CSV with one huge field. Each is refused with a clear
message, within a bounded number of rows read and bounded memory (tracemalloc), through the
reader, the upload page and the API (400 JSON), and no error echoes more than an excerpt."""

import io
import tracemalloc
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from indicators.returns import importers
from indicators.returns.importers import COLUMNS, ImportFileError, read_table

MB = 1024 * 1024
HEADER = (
    '<row r="1">'
    + "".join(
        f'<c r="{col}1" t="inlineStr"><is><t>{name}</t></is></c>'
        for col, name in zip("ABCD", COLUMNS, strict=True)
    )
    + "</row>"
)


def xlsx(sheet_rows, shared_strings=None) -> bytes:
    """A minimal workbook; the sheet's rows (and shared strings) are written in chunks from
    iterables of text, so a bomb never sits whole in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        book.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlform'
            'ats-package.relationships+xml"/><Default Extension="xml" ContentType="application'
            '/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlf'
            'ormats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/work'
            'sheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spre'
            'adsheetml.worksheet+xml"/>'
            + (
                '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxm'
                'lformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                if shared_strings is not None
                else ""
            )
            + "</Types>",
        )
        book.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/packag'
            'e/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
            'org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        book.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheet'
            'ml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relati'
            'onships"><sheets><sheet name="Returns" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/packag'
            'e/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
            'org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            + (
                '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument'
                '/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                if shared_strings is not None
                else ""
            )
            + "</Relationships>",
        )
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main"><sheetData>' + HEADER.encode()
            )
            for chunk in sheet_rows:
                sheet.write(chunk.encode())
            sheet.write(b"</sheetData></worksheet>")
        if shared_strings is not None:
            with book.open("xl/sharedStrings.xml", "w", force_zip64=True) as strings:
                for chunk in shared_strings:
                    strings.write(chunk.encode())
    return buffer.getvalue()


def rows_of(template: str, count: int, first: int = 2, chunk: int = 10_000):
    for start in range(first, first + count, chunk):
        yield "".join(template.format(n=n) for n in range(start, min(start + chunk, first + count)))


def million_rows() -> bytes:
    """3 million rows of figures (cell references are optional): well under 1 MB zipped, over
    150 MB unzipped."""
    row = '<row><c t="inlineStr"><is><t>ADOPTIONS</t></is></c><c><v>1</v></c></row>'
    return xlsx(row * 50_000 for _ in range(60))


def shared_string_bomb() -> bytes:
    """One shared string of 300 MB, used by one cell."""

    def strings():
        yield (
            '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml'
            '/2006/main" count="1" uniqueCount="1"><si><t>'
        )
        block = "A" * MB
        for _ in range(300):
            yield block
        yield "</t></si></sst>"

    return xlsx(['<row r="2"><c r="D2" t="s"><v>0</v></c></row>'], shared_strings=strings())


def bounded(read):
    """(the error, peak bytes traced) while `read` runs."""
    tracemalloc.start()
    try:
        with pytest.raises(ImportFileError) as caught:
            read()
        return str(caught.value), tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.fixture(scope="module")
def bombs():
    return {"rows": million_rows(), "string": shared_string_bomb()}


def test_the_bombs_are_what_the_probe_sent(bombs):
    assert len(bombs["rows"]) < 1 * MB and len(bombs["string"]) < 1 * MB
    for content in bombs.values():
        sizes = sum(p.file_size for p in zipfile.ZipFile(io.BytesIO(content)).infolist())
        assert sizes > 100 * MB  # each unzips to over a hundred times the upload


@pytest.mark.parametrize("bomb", ["rows", "string"])
def test_a_bomb_is_refused_from_the_zip_directory_before_anything_is_unzipped(bombs, bomb):
    message, peak = bounded(
        lambda: read_table(name="bomb.xlsx", content=bombs[bomb], columns=COLUMNS)
    )
    assert "unpacks to more than" in message
    assert peak < 5 * MB, f"peak {peak / MB:.1f} MB"


def test_blank_rows_stop_the_reading_at_the_row_limit():
    """Just under the unzipped limits: 150,000 blank rows. Reading stops at the limit (the
    default cap's, RETURNS_IMPORT_MAX_ROWS and 1,000 blank rows more)."""
    content = xlsx(rows_of('<row r="{n}"><c r="A{n}"/></row>', 150_000))
    message, peak = bounded(lambda: read_table(name="blank.xlsx", content=content, columns=COLUMNS))
    assert importers.max_rows_read() == settings.RETURNS_IMPORT_MAX_ROWS + 1000 < 150_000
    assert f"reading stopped at row {importers.max_rows_read() + 1:,}" in message
    assert f"Send at most {settings.RETURNS_IMPORT_MAX_ROWS:,} rows of figures" in message
    assert peak < 20 * MB, f"peak {peak / MB:.1f} MB"


@override_settings(RETURNS_IMPORT_MAX_ROWS=50)
def test_blank_rows_stop_at_the_setting_s_row_limit():
    content = xlsx(rows_of('<row r="{n}"><c r="A{n}"/></row>', 5_000))
    message, _ = bounded(lambda: read_table(name="blank.xlsx", content=content, columns=COLUMNS))
    assert "more than 1,050 rows: reading stopped at row 1,051" in message
    assert "Send at most 50 rows of figures" in message


def figures(count: int) -> bytes:
    return xlsx(rows_of('<row r="{n}"><c r="C{n}"><v>1</v></c></row>', count))


@pytest.mark.parametrize("cap", [50, 2000])
def test_too_many_rows_of_figures_stop_at_the_figure_limit(cap):
    with override_settings(RETURNS_IMPORT_MAX_ROWS=cap):
        message, _ = bounded(
            lambda: read_table(name="many.xlsx", content=figures(cap + 1), columns=COLUMNS)
        )
        assert message == f"The file has more than {cap:,} rows."
        assert len(read_table(name="many.xlsx", content=figures(cap), columns=COLUMNS)) == cap


def test_the_row_cap_is_the_setting_raised_or_lowered():
    content = figures(60)
    assert len(read_table(name="many.xlsx", content=content, columns=COLUMNS)) == 60
    with override_settings(RETURNS_IMPORT_MAX_ROWS=59):
        with pytest.raises(ImportFileError, match="more than 59 rows"):
            read_table(name="many.xlsx", content=content, columns=COLUMNS)
    assert settings.RETURNS_IMPORT_MAX_ROWS == 20_000  # the default: 10,000-row files fit


def test_the_byte_limit_is_the_setting():
    content = b"indicator,period,value,commentary\n" + b"X,2019-05,1,ok\n" * 100
    assert read_table(name="r.csv", content=content, columns=COLUMNS)
    with override_settings(RETURNS_IMPORT_MAX_BYTES=1024):
        with pytest.raises(ImportFileError, match="larger than 1 KB"):
            read_table(name="r.csv", content=content, columns=COLUMNS)
    assert importers.max_bytes() == settings.RETURNS_IMPORT_MAX_BYTES == 4 * MB


def test_a_long_cell_is_refused_with_an_excerpt_only():
    long = "Z" * 50_000
    content = xlsx([f'<row r="2"><c r="D2" t="inlineStr"><is><t>{long}</t></is></c></row>'])
    message, _ = bounded(lambda: read_table(name="long.xlsx", content=content, columns=COLUMNS))
    assert "Row 2 has a cell longer than 4,000 characters" in message
    assert len(message) < 200


def test_a_csv_with_a_huge_field_is_a_clear_error_not_a_crash():
    content = 'indicator,period,value,commentary\nADOPTIONS,2019-05,1,"' + "x" * 300_000
    message, _ = bounded(
        lambda: read_table(name="big.csv", content=content.encode(), columns=COLUMNS)
    )
    assert "could not be read at line" in message and len(message) < 200


@pytest.mark.django_db
def test_the_upload_page_and_the_api_refuse_a_bomb_with_a_small_answer(
    bombs, client, client_for, officer
):
    client.force_login(officer)
    for name, content in bombs.items():
        upload = SimpleUploadedFile(f"{name}.xlsx", content)
        page = client.post("/indicators/returns/import/", {"file": upload})
        assert page.status_code == 400 and "unpacks to more than" in page.content.decode()
        assert len(page.content) < 100_000
        api = client_for(officer).post(
            "/api/returns/import/",
            {"file": SimpleUploadedFile(f"{name}.xlsx", content)},
            format="multipart",
        )
        assert api.status_code == 400 and "unpacks to more than" in str(api.json())
        assert len(api.content) < 2_000
    assert not [key for key in client.session.keys() if key.startswith("import:")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, user",
    [
        ("/indicators/returns/import/", "officer"),
        ("/indicators/benchmarks/import/", "performance_lead"),
    ],
)
def test_an_upload_with_no_file_says_so_and_links_to_the_field(request, client, url, user):
    client.force_login(request.getfixturevalue(user))
    page = client.post(url, {})
    html = page.content.decode()
    assert page.status_code == 400
    assert "Select a CSV or Excel (.xlsx) file to upload" in html and "expired" not in html
    assert 'href="#id_file"' in html and 'aria-invalid="true"' in html
