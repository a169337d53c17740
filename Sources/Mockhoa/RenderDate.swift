import Foundation
import MockhoaCore

/// The date printed on sheets and stored in PDFs: `SOURCE_DATE_EPOCH` when set (the usual
/// switch for reproducible builds), else today, as `YYYY-MM-DD` in UTC.
public enum RenderDate {
    /// Throws when `SOURCE_DATE_EPOCH` is set but is not a whole number of seconds.
    public static func current(environment: [String: String] = ProcessInfo.processInfo.environment) throws(InvalidDate) -> String {
        var seconds = Int64(Date().timeIntervalSince1970.rounded(.down))
        if let text = environment["SOURCE_DATE_EPOCH"] {
            // Up to the last second of 9999: a PDF date has four year digits.
            guard let value = Int64(text.trimmingCharacters(in: .whitespaces)), (0...253_402_300_799).contains(value) else {
                throw InvalidDate(text: text)
            }
            seconds = value
        }
        return day(secondsSince1970: seconds)
    }

    /// `YYYY-MM-DD` (UTC) of a moment `seconds` after 1970-01-01.
    static func day(secondsSince1970 seconds: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// `SOURCE_DATE_EPOCH` holds something other than seconds since 1970.
    public struct InvalidDate: Error, CustomStringConvertible {
        public var text: String
        public var description: String {
            "SOURCE_DATE_EPOCH is \"\(text)\": it must be a whole number of seconds since 1970-01-01 (or unset)"
        }
    }
}
