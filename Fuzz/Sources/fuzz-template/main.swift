import FuzzSupport
import MockhoaCore

// The template reader and its Mustache fields: any bytes as a template file, then every side
// filled in with two communes of the sample district, as a command would.
@_cdecl("LLVMFuzzerTestOneInput")
func test(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let template = try? TemplateLoader.parse(yaml: text(data, size), name: "fuzz", file: "fuzz.yaml") else { return 0 }
    let directory = DirectoryLoader.sample().directory
    for commune in directory.communes.prefix(2) {
        _ = KeychainData(directory: directory, commune: commune).content(of: template)
    }
    return 0
}

fuzz(test)
