import FuzzSupport
import MockhoaCore

// Phone number parsing: any text; a number that parses must print and parse back the same.
@_cdecl("LLVMFuzzerTestOneInput")
func test(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = text(data, size)
    guard let number = try? PhoneNumber(parsing: input) else { return 0 }
    guard let again = try? PhoneNumber(parsing: number.description), again == number else {
        fatalError("\"\(input)\" parses as \(number), which does not parse back to itself")
    }
    return 0
}

fuzz(test)
