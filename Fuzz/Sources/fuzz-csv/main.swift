import Foundation
import FuzzSupport
import MockhoaCore

// The communes CSV reader: any bytes as the spreadsheet export a directory names, read through
// the loader as `--data` would read it (byte-order marks, separators, quoting, encodings).
@_cdecl("LLVMFuzzerTestOneInput")
func test(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard (try? bytes(data, size).write(to: Files.csv)) != nil else { fatalError("cannot write \(Files.csv.path)") }
    _ = try? DirectoryLoader.load(path: Files.yaml.path)
    return 0
}

/// A directory file naming `communes.csv`, in a folder of this process's own (libFuzzer's -jobs
/// runs several).
enum Files {
    static let folder: URL = {
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("mockhoa-fuzz-csv-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try? Data("""
            district: {name: Thủ Thừa, province: Long An, hotline: "0272 3874 123"}
            communes: communes.csv
            outside:
              - {name: Hiệp Phước, district: Nhà Bè, kind: xã, phone: "028 3800 0001"}
            """.utf8).write(to: url.appendingPathComponent("fuzz.yaml"))
        return url
    }()
    static let csv = folder.appendingPathComponent("communes.csv")
    static let yaml = folder.appendingPathComponent("fuzz.yaml")
}

fuzz(test)
