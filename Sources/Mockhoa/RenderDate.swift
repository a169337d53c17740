import Foundation

/// The date printed on sheets and stored in PDFs: `SOURCE_DATE_EPOCH` when set (the usual
/// switch for reproducible builds), else today, as `YYYY-MM-DD` in UTC.
public enum RenderDate {
    public static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let seconds = environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init) ?? Date().timeIntervalSince1970
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
