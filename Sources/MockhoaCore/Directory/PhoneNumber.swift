import Foundation

/// A phone number under Vietnam's numbering plan, kept as its national digits.
///
/// Accepted on input: spaces, dots, dashes and brackets between digits, and `+84`/`84` in
/// place of the leading 0. Valid numbers are 3-digit short codes (`11x`), 10-digit mobiles
/// (03x, 05x, 07x, 08x, 09x) and 11-digit landlines (02x area codes).
public struct PhoneNumber: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable { case shortCode, mobile, landline }

    /// National digits, e.g. `02723874123`, or `113` for a short code.
    public let digits: String
    public let kind: Kind
    /// How the unit publishes the number ("0769.04.04.04"), when the data says; the same digits.
    public private(set) var display: String?

    /// The short codes of the plan: police 113, fire 114, ambulance 115, and 111, 112.
    public static let shortCodes: Set<String> = ["111", "112", "113", "114", "115"]

    /// The number as typed; throws `PhoneNumber.Invalid` quoting it when it is not a number
    /// of the plan.
    public init(parsing text: String) throws(Invalid) {
        var raw = text.trimmingWhiteSpace()
        var international = false
        if raw.hasPrefix("+") { international = true; raw.removeFirst() }
        var digits = ""
        for ch in raw {
            if ch.isASCII, ch.isNumber {
                digits.append(ch)
            } else if Self.separators.contains(ch) {
                continue
            } else {
                throw Invalid(text: text, reason: Message("phone.notADigit", ch.quoted))
            }
        }
        if international {
            guard digits.hasPrefix("84") else { throw Invalid(text: text, reason: Message("phone.onlyVietnam")) }
            // "+84 0912 …": many write the national 0 after the country code; it is not dialled.
            let national = digits.dropFirst(2)
            digits = national.hasPrefix("0") ? String(national) : "0" + national
        } else if digits.hasPrefix("84"), digits.count == 11 || digits.count == 12 {
            digits = "0" + digits.dropFirst(2)
        }
        if digits.count == 3, Self.shortCodes.contains(digits) {
            self.digits = digits; self.kind = .shortCode; return
        }
        if digits.count == 3, digits.hasPrefix("11") {
            throw Invalid(text: text, reason: Message("phone.shortCode", digits, Self.shortCodes.sorted().joined(separator: ", ")))
        }
        guard digits.hasPrefix("0") else {
            throw Invalid(text: text, reason: Message("phone.start"))
        }
        let prefix = digits.dropFirst().first
        switch (digits.count, prefix) {
        case (10, "3"), (10, "5"), (10, "7"), (10, "8"), (10, "9"):
            self.digits = digits; self.kind = .mobile
        case (11, "2"):
            self.digits = digits; self.kind = .landline
        case (_, "2"):
            throw Invalid(text: text, reason: Message("phone.landlineLength", digits.count))
        case (_, "3"), (_, "5"), (_, "7"), (_, "8"), (_, "9"):
            throw Invalid(text: text, reason: Message("phone.mobileLength", digits.count))
        default:
            throw Invalid(text: text, reason: Message("phone.prefix", "0" + (prefix.map(String.init) ?? "")))
        }
    }

    /// The usual printed grouping: `0272 3874 123`, `028 3829 1234`, `0912 345 678`, `113`.
    public var formatted: String {
        func group(_ sizes: [Int]) -> String {
            var out: [Substring] = [], rest = Substring(digits)
            for n in sizes { out.append(rest.prefix(n)); rest = rest.dropFirst(n) }
            return out.joined(separator: " ")
        }
        switch kind {
        case .shortCode: return digits
        case .mobile: return group([4, 3, 3])
        case .landline:
            // Hà Nội (024) and Hồ Chí Minh City (028) have 3-digit area codes, the rest 4.
            return digits.hasPrefix("024") || digits.hasPrefix("028") ? group([3, 4, 4]) : group([4, 4, 3])
        }
    }

    /// What a keychain prints: `display` when given, else `formatted`.
    public var printed: String { display ?? formatted }

    /// The same number printed as `text` says ("0769.04.04.04", "0769 040 404", "+84 769 040 404");
    /// throws when `text` shows other digits than the number, or anything but ASCII digits, the
    /// separators a number may be typed with and a leading `+84`: a letter O for a zero, a digit
    /// with a mark on it or a superscript would print, yet not be the number.
    public func displayed(as text: String) throws(Invalid) -> PhoneNumber {
        var shown = text.trimmingWhiteSpace()
        if shown.isEmpty { return self }
        let international = shown.hasPrefix("+84")
        var digitsShown = ""
        for ch in international ? shown.dropFirst() : Substring(shown) {
            if ch.isASCII, ch.isNumber {
                digitsShown.append(ch)
            } else if Self.separators.contains(ch) {
                continue
            } else {
                throw Invalid(text: text, reason: Message("phone.displayNotADigit", ch.quoted, ch.codePoints))
            }
        }
        if international {
            // "+84 0272 …": the national 0 written after the country code is not dialled.
            let national = digitsShown.dropFirst(2)
            digitsShown = national.hasPrefix("0") ? String(national) : "0" + national
        }
        guard digitsShown == digits else {
            throw Invalid(
                text: text,
                reason: digitsShown.isEmpty
                    ? Message("phone.displayNoDigits", formatted)
                    : Message("phone.displayDigits", formatted, digitsShown))
        }
        shown = shown.precomposedStringWithCanonicalMapping
        var copy = self
        copy.display = shown
        return copy
    }

    /// What may stand between the digits of a number as typed or displayed.
    static let separators: Set<Character> = [" ", ".", "-", "(", ")", "\u{00A0}"]

    /// E.164 form for `tel:` links: `+842723874123`; short codes stay as they are.
    public var e164: String { kind == .shortCode ? digits : "+84" + digits.dropFirst() }

    /// A `tel:` URI that dials the number.
    public var telURI: String { "tel:" + e164 }

    public var description: String { formatted }

    /// A value that is not a phone number of Vietnam's plan.
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public let text: String
        public let reason: Message
        public var message: Message { Message("phone.invalid", Excerpt.of(text), reason) }
        public var description: String { message.description }
    }
}
