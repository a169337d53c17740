import Foundation

/// The one way input bytes become text: UTF-8 with or without a byte-order mark, and (where
/// the caller allows it) UTF-16 with a mark, as Excel's "Unicode text" saves it. Anything else
/// is refused with the line of the first byte that is not text and what to do about it: text
/// in a legacy 8-bit encoding (Windows-1258) or turned into mojibake (UTF-8 read as Latin-1 and
/// saved again) would otherwise print as garbled names.
public enum InputText {
    /// The text of `data`, the contents of `file`.
    public static func decode(_ data: Data, file: String, allowUTF16: Bool = false) throws(InputErrors) -> String {
        let bytes = [UInt8](data)
        func failure(_ message: Message, atByte offset: Int) -> InputErrors {
            let line = 1 + bytes[..<offset].filter { $0 == 0x0A }.count
            return InputErrors([Diagnostic(.error, message, at: SourceLocation(file: file, line: line))])
        }
        if bytes.starts(with: [0xFF, 0xFE, 0, 0]) || bytes.starts(with: [0, 0, 0xFE, 0xFF]) {
            throw failure(Message("text.utf32"), atByte: 0)
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            guard allowUTF16 else { throw failure(Message("text.utf16"), atByte: 0) }
            return try utf16(bytes, bigEndian: bytes[0] == 0xFE, file: file)
        }
        if let nul = bytes.firstIndex(of: 0) {
            throw failure(Message("text.binary"), atByte: nul)
        }
        var parser = Unicode.UTF8.ForwardParser(), iterator = bytes.makeIterator(), offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar):
                offset += scalar.count
            case .error:
                if looksLikeWindows1258(bytes) { throw failure(Message("text.windows1258"), atByte: offset) }
                let byte = String(bytes[offset], radix: 16, uppercase: true)
                throw failure(Message("text.notUTF8", byte.count == 1 ? "0" + byte : byte), atByte: offset)
            case .emptyInput:
                var text = String(decoding: bytes, as: UTF8.self)
                if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
                if let mojibake = mojibakeOffset(in: text) {
                    throw failure(Message("text.mojibake"), atByte: mojibake)
                }
                return text
            }
        }
    }

    private static func utf16(_ bytes: [UInt8], bigEndian: Bool, file: String) throws(InputErrors) -> String {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = 2
        while i + 1 < bytes.count {
            units.append(bigEndian ? UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]) : UInt16(bytes[i + 1]) << 8 | UInt16(bytes[i]))
            i += 2
        }
        var text = "", line = 1
        var iterator = units.makeIterator(), parser = Unicode.UTF16.ForwardParser()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                let scalar = Unicode.UTF16.decode(encoded)
                if scalar == "\n" { line += 1 }
                if scalar == "\0" {
                    throw InputErrors([Diagnostic(.error, Message("text.binary"), at: SourceLocation(file: file, line: line))])
                }
                text.unicodeScalars.append(scalar)
            case .error:
                throw InputErrors([Diagnostic(.error, Message("text.badUTF16"), at: SourceLocation(file: file, line: line))])
            case .emptyInput:
                return text
            }
        }
    }

    /// Vietnamese in Windows-1258 writes tones as separate combining bytes (0xCC grave, 0xEC acute,
    /// 0xD2 hook, 0xDE tilde, 0xF2 dot below) after vowels such as ư 0xFD, ơ 0xF5, â 0xE2.
    static func looksLikeWindows1258(_ bytes: [UInt8]) -> Bool {
        let tones: Set<UInt8> = [0xCC, 0xEC, 0xD2, 0xDE, 0xF2]
        let vowels: Set<UInt8> = [0xE0, 0xE1, 0xE2, 0xE3, 0xEA, 0xF4, 0xF5, 0xFD, 0xF0, 0xD0, 0xC3, 0xC2, 0xD5, 0xDD]
        var toneCount = 0, letterCount = 0
        for (i, b) in bytes.enumerated() where b >= 0x80 {
            if tones.contains(b), i > 0, bytes[i - 1] < 0x80 || vowels.contains(bytes[i - 1]) { toneCount += 1 }
            if vowels.contains(b) { letterCount += 1 }
        }
        return toneCount >= 1 && toneCount + letterCount >= 2
    }

    /// Where UTF-8 Vietnamese read as Latin-1/Windows-1252 and saved again as UTF-8 first shows
    /// (a byte offset into the UTF-8 of `text`): "Æ°" for ư, "á»" / "áº" for the letters with
    /// tones, "Ä‘" for đ, the exact code points such a round trip writes.
    static func mojibakeOffset(in text: String) -> Int? {
        let markers = ["Æ°", "á»", "áº", "Ä‘", "Ä\u{90}", "Ã¡", "Ã ", "Ã¢", "Ãª", "Ã´"]
        let first = markers.compactMap { text.range(of: $0)?.lowerBound }.min()
        return first.map { text.utf8.distance(from: text.startIndex, to: $0) }
    }
}
