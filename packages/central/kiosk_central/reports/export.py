"""Any report table as CSV or XLSX, with raw numbers (a spreadsheet computes on them).

CSV: UTF-8 with a byte-order mark, so that Excel, which offices open it with, reads the
Indonesian text right; one header row of column labels in the chosen language.
XLSX (openpyxl): one sheet per table, the title above the header, minutes with one decimal,
shares as percentages, the note under the table.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from kiosk_central.reports.tables import Kind, Table

NUMBER_FORMATS = {Kind.MINUTES: "0.0", Kind.SHARE: "0.0%", Kind.INT: "0"}


def to_csv(table: Table, lang: str = "id") -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(c.label(lang) for c in table.columns)
    for row in table.rows:
        writer.writerow("" if v is None else v for v in row)
    return "\ufeff" + out.getvalue()


def write_csv(table: Table, path: Path, lang: str = "id") -> Path:
    path.write_text(to_csv(table, lang), encoding="utf-8", newline="")
    return path


def to_xlsx(tables: Iterable[Table], lang: str = "id") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    head_fill = PatternFill("solid", fgColor="0B3D6B")
    for table in tables:
        sheet = book.create_sheet(table.name[:31])  # Excel's limit on a sheet name
        sheet.append([table.title(lang)])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([c.label(lang) for c in table.columns])
        for cell in sheet[2]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = head_fill
        for row in table.rows:
            sheet.append(list(row))
        for index, column in enumerate(table.columns, start=1):
            letter = get_column_letter(index)
            fmt = NUMBER_FORMATS.get(column.kind)
            if column.kind == Kind.DECIMAL:
                fmt = "0." + "0" * column.places
            width = max([len(column.label(lang))] + [len(str(v)) for v in table.column(column.key)])
            sheet.column_dimensions[letter].width = min(max(width + 2, 8), 48)
            if fmt:
                for cell in sheet[letter][2:]:
                    cell.number_format = fmt
        sheet.freeze_panes = "B3"
        if table.note:
            sheet.append([])
            sheet.append([table.note])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_xlsx(tables: Iterable[Table], path: Path, lang: str = "id") -> Path:
    path.write_bytes(to_xlsx(tables, lang))
    return path
