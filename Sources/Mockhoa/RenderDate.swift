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

    /// `YYYY-MM-DD` (UTC, proleptic Gregorian) of a moment at or after 1970-01-01, computed
    /// directly: a `DateFormatter` loads ICU's time-zone and calendar data, which cost more
    /// than drawing a sheet at the start of every command.
    static func day(secondsSince1970 seconds: Int64) -> String {
        // Howard Hinnant's civil_from_days, for days since 1970-01-01 ≥ 0.
        let z = seconds / 86_400 + 719_468
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return "\(String(year).leftPadded(to: 4))-\(String(month).leftPadded(to: 2))-\(String(day).leftPadded(to: 2))"
    }

    /// `SOURCE_DATE_EPOCH` holds something other than seconds since 1970.
    public struct InvalidDate: Error, CustomStringConvertible {
        public var text: String
        public var description: String {
            "SOURCE_DATE_EPOCH is \"\(text)\": it must be a whole number of seconds since 1970-01-01 (or unset)"
        }
    }
}
