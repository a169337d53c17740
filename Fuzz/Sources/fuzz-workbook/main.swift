import FuzzSupport
import MockhoaCore

// The workbook reader: any bytes as a spreadsheet file (.xlsx, or anything else it must name),
// its sheet names and the cells of its first visible sheet.
@_cdecl("LLVMFuzzerTestOneInput")
func test(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let file = bytes(data, size)
    _ = try? WorkbookReader.sheetNames(in: file, file: "fuzz.xlsx")
    _ = try? WorkbookReader.sheet(named: nil, in: file, file: "fuzz.xlsx")
    return 0
}

fuzz(test)
