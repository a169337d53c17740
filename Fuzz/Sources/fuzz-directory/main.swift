import FuzzSupport
import MockhoaCore

// The directory YAML reader: any bytes, as `--data` would read them (no CSV file beside it).
@_cdecl("LLVMFuzzerTestOneInput")
func test(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = try? DirectoryLoader.load(yaml: text(data, size), path: "/nonexistent/fuzz.yaml")
    return 0
}

fuzz(test)
