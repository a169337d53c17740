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

    public init(_ key: String, _ arguments: any MessageArgument...) {
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

    public static let shared = MessageCatalogue(files: [
        .en: String(decoding: PackageResources.en_catalogue, as: UTF8.self),
        .vi: String(decoding: PackageResources.vi_catalogue, as: UTF8.self),
    ])

    /// Parses catalogue files; lines starting with `#` and blank lines are skipped.
    public init(files: [Language: String]) {
        var texts: [Language: [String: String]] = [:]
        for (language, file) in files {
            var table: [String: String] = [:]
            // Plain Swift on substrings: every command starts by reading both files, and
            // Foundation's trimming and replacing cost ~25 ms for a few hundred lines.
            for line in file.split(separator: "\n", omittingEmptySubsequences: true) {
                let trimmed = Self.trimmed(line)
                guard !trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "=") else { continue }
                let key = String(Self.trimmed(trimmed[..<equals]))
                var text = String(Self.trimmed(trimmed[trimmed.index(after: equals)...]))
                if text.contains("\\n") { text = text.replacingOccurrences(of: "\\n", with: "\n") }
                table[key] = text
            }
            texts[language] = table
        }
        self.texts = texts
    }

    /// `s` without white space at either end.
    private static func trimmed(_ s: Substring) -> Substring {
        var end = s.endIndex
        while end > s.startIndex, s[s.index(before: end)].isWhitespace { end = s.index(before: end) }
        return s[..<end].drop(while: \.isWhitespace)
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
               n >= 1, n <= values.count {
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
