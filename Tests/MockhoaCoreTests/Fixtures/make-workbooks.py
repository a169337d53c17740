#!/usr/bin/python3
"""Makes the workbook fixtures with LibreOffice itself, so they are as a spreadsheet program
writes them. Not run by the tests (they use the committed files); run it again only to change
the fixtures. Needs Debian's libreoffice-calc-nogui and python3-uno (run it with /usr/bin/python3)
and msoffcrypto-tool from PyPI.

  communes-from-csv.xlsx   a CSV converted by `soffice --headless --convert-to xlsx`: the phone
                           0912345678 becomes the number 912345678, as when Excel opens a CSV
  two-sheets.xlsx          sheets "Xã" (a merged title row A1:E1 above the header, a phone typed
                           as a number, rich text, a formula) and "Phường", built through UNO
  two-sheets.xls           the same, saved as an Excel 97-2003 workbook
  two-sheets-password.xlsx two-sheets.xlsx encrypted with the password "mockhoa" as Office
                           does it (ECMA-376 agile encryption), by msoffcrypto-tool from PyPI:
                           LibreOffice 7.4 saves .xlsx without the password asked for
  two-sheets.ods           the same, saved as an OpenDocument spreadsheet
"""
import os, subprocess, sys, tempfile, time
import uno
from com.sun.star.beans import PropertyValue

HERE = os.path.dirname(os.path.abspath(__file__))

CSV = """name,kind,phone,neighbours,quantity
Phước Lý,xã,0912345678,"Mỹ Lộc;Cần Giuộc",300

Mỹ Lộc,xã,0272 3800 002,Phước Lý,250
Cần Giuộc,xã,02723800003,,1500
"""


def props(**values):
    out = []
    for name, value in values.items():
        p = PropertyValue(); p.Name = name; p.Value = value; out.append(p)
    return tuple(out)


def from_csv(profile):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "communes-from-csv.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write(CSV)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", HERE, path],
                       check=True)


def two_sheets(profile):
    pipe = "mockhoa_fixtures"
    office = subprocess.Popen(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                               "--invisible", "--norestore", f"--accept=pipe,name={pipe};urp;"])
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(100):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.3)
        else:
            sys.exit("LibreOffice did not start")
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0, props(Hidden=True))
        sheets = doc.Sheets
        sheets.getByIndex(0).Name = "Xã"
        sheets.insertNewByName("Phường", 1)

        xa = sheets.getByName("Xã")
        xa.getCellRangeByName("A1").String = "DANH BẠ CÔNG AN XÃ"
        xa.getCellRangeByName("A1:E1").merge(True)
        for col, title in enumerate(["Tên", "Loại", "Điện thoại", "Giáp ranh", "Số lượng"]):
            xa.getCellByPosition(col, 2).String = title          # row 3; row 2 stays blank
        rows = [("Phước Lý", "xã", 2723800001, "Mỹ Lộc", 300),
                ("Mỹ Lộc", "xã", "0272 3800 002", "Phước Lý;Cần Giuộc", 250),
                ("Tân Tập", "xã", 912345678, "", 1500)]
        for r, values in enumerate(rows, start=3):             # rows 4-6
            for c, value in enumerate(values):
                if value == "":
                    continue
                cell = xa.getCellByPosition(c, r)
                if isinstance(value, str):
                    cell.String = value
                else:
                    cell.Value = float(value)
        # Rich text: "Phước Lý" with "Lý" in bold, so the shared string is stored in runs.
        cell = xa.getCellRangeByName("A4")
        cursor = cell.createTextCursor()
        cursor.gotoEnd(False); cursor.goLeft(2, True)
        cursor.CharWeight = 150.0
        # A formula with a text result (t="str") and a TRUE cell, in row 8 after a blank row 7.
        xa.getCellRangeByName("A8").Formula = '=A6&" (Đông Thạnh, Phước Vĩnh Đông)"'
        xa.getCellRangeByName("B8").Formula = "=1=1"

        phuong = sheets.getByName("Phường")
        for col, title in enumerate(["name", "kind", "phone"]):
            phuong.getCellByPosition(col, 0).String = title
        phuong.getCellRangeByName("A2").String = "Phường 1"
        phuong.getCellRangeByName("B2").String = "phường"
        phuong.getCellRangeByName("C2").String = "0276 3822 001"

        base = os.path.join(HERE, "two-sheets")
        doc.storeToURL(uno.systemPathToFileUrl(base + ".xlsx"), props(FilterName="Calc MS Excel 2007 XML"))
        doc.storeToURL(uno.systemPathToFileUrl(base + ".xls"), props(FilterName="MS Excel 97"))
        doc.storeToURL(uno.systemPathToFileUrl(base + ".ods"), props(FilterName="calc8"))
        doc.close(True)
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        office.wait(timeout=30)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as profile:
        from_csv(profile)
        two_sheets(profile)
    subprocess.run(["msoffcrypto-tool", "-e", "-p", "mockhoa", os.path.join(HERE, "two-sheets.xlsx"),
                    os.path.join(HERE, "two-sheets-password.xlsx")], check=True)
