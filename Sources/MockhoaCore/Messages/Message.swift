import Foundation
import Synchronization

/// The language of the messages a user reads: Vietnamese or English.
public enum Language: String, Sendable, CaseIterable {
    case en, vi

    /// The process's language: set once by the command line (`--lang`, else the locale).
    public static var current: Language {
        get { chosen.withLock { $0 } }
        set { chosen.withLock { $0 = newValue } }
    }
    private static let chosen = Mutex<Language>(.en)

    /// Vietnamese when the locale says so (`LANG=vi_VN.UTF-8`; `LC_ALL` and `LC_MESSAGES` first,
    /// as POSIX orders them), English otherwise.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Language {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            return value.lowercased().hasPrefix("vi") ? .vi : .en
        }
        return .en
    }
}

/// Something a message can say about a value: a text as it is, or another message.
public protocol MessageArgument: Sendable {
    func text(in language: Language) -> String
}

extension String: MessageArgument {
    public func text(in language: Language) -> String { self }
}
extension Int: MessageArgument {
    public func text(in language: Language) -> String { String(self) }
}

/// A message a user reads, kept as its catalogue key and values so that it can be printed in
/// either language (the command line prints it in `Language.current`; the page asks for one).
public struct Message: Hashable, Sendable, CustomStringConvertible, MessageArgument {
    public let key: String
    /// The values put in place of `{1}`, `{2}`… in the catalogue's text.
    public let arguments: [Argument]

    public init(_ key: String, _ arguments: any MessageArgument...) { self.init(key, arguments: arguments) }

    public init(_ key: String, arguments: [any MessageArgument]) {
        self.key = key
        self.arguments = arguments.map(Argument.init)
    }

    /// A value in a message; compared by its text in both languages.
    public struct Argument: Hashable, Sendable {
        let value: any MessageArgument
        init(_ value: any MessageArgument) { self.value = value }
        public static func == (a: Argument, b: Argument) -> Bool {
            Language.allCases.allSatisfy { a.value.text(in: $0) == b.value.text(in: $0) }
        }
        public func hash(into hasher: inout Hasher) { hasher.combine(value.text(in: .en)) }
    }

    /// The message in `language`, values filled in.
    public func text(in language: Language) -> String {
        MessageCatalogue.shared.text(key, in: language, arguments.map { $0.value.text(in: language) })
    }

    public var description: String { text(in: .current) }
}

/// The texts of every message, one file per language (`Messages/en.catalogue`,
/// `Messages/vi.catalogue`): `key = text` lines with `{1}`, `{2}`… for the values.
public struct MessageCatalogue: Sendable {
    public let texts: [Language: [String: String]]

    public static let shared = MessageCatalogue(files: [.en: PackageResources.en_catalogue, .vi: PackageResources.vi_catalogue])

    /// Parses catalogue files given as UTF-8 bytes; lines starting with `#` and blank lines are
    /// skipped. Every command starts by reading them, so
    /// this works on the bytes (`\n`, `=`, `#` and white space are ASCII) and makes a `String`
    /// only of each key and text: Swift's `Character`-wise splitting and trimming cost ~25 M
    /// instructions for both files.
    public init(files: [Language: [UInt8]]) {
        texts = files.mapValues { file in
            var table: [String: String] = [:]
            file.withUnsafeBufferPointer { bytes in
                var lineStart = 0
                while lineStart < bytes.count {
                    let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                    defer { lineStart = lineEnd + 1 }
                    let line = Self.trimmed(bytes, lineStart..<lineEnd)
                    guard !line.isEmpty, bytes[line.lowerBound] != UInt8(ascii: "#"),
                        let equals = bytes[line].firstIndex(of: UInt8(ascii: "="))
                    else { continue }
                    let key = String(decoding: bytes[Self.trimmed(bytes, line.lowerBound..<equals)], as: UTF8.self)
                    var text = String(decoding: bytes[Self.trimmed(bytes, equals + 1..<line.upperBound)], as: UTF8.self)
                    if text.utf8.contains(UInt8(ascii: "\\")), text.contains("\\n") {
                        text = text.replacingOccurrences(of: "\\n", with: "\n")
                    }
                    table[key] = text
                }
            }
            return table
        }
    }

    /// `range` of `bytes` without ASCII white space at either end.
    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (0x09...0x0D).contains(b) }
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, isSpace(bytes[lower]) { lower += 1 }
        while upper > lower, isSpace(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    /// The text of `key` in `language` (English when that language lacks it; the key itself
    /// when no catalogue has it) with `{n}` replaced by the n-th value.
    public func text(_ key: String, in language: Language, _ values: [String]) -> String {
        let template = texts[language]?[key] ?? texts[.en]?[key] ?? key
        guard template.contains("{") else { return template }
        var out = "", rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"), let n = Int(rest[afterOpen..<close]),
                n >= 1, n <= values.count
            {
                out += values[n - 1]
                rest = rest[rest.index(after: close)...]
            } else {
                out += "{"
                rest = rest[afterOpen...]
            }
        }
        return out + rest
    }
}
