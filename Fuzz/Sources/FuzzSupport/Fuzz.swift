import CFuzzDriver
import Foundation

/// One input: libFuzzer's bytes, and what `size` says.
public typealias FuzzTest = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

/// Hands `test` to libFuzzer with the command line's options; returns only through `exit`.
public func fuzz(_ test: FuzzTest) -> Never {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, test))
}

/// The input as text, invalid UTF-8 repaired as any reader of a file would see it.
public func text(_ data: UnsafePointer<UInt8>?, _ size: Int) -> String {
    String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
}

/// The input as bytes.
public func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Data {
    data.map { Data(bytes: $0, count: size) } ?? Data()
}
