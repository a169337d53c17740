import Foundation

extension String {
    /// The text without white space at either end: `CharacterSet.whitespaces`, or with
    /// `newlines` `.whitespacesAndNewlines`.
    func trimmingWhiteSpace(newlines: Bool = false) -> String {
        trimmingCharacters(in: newlines ? .whitespacesAndNewlines : .whitespaces)
    }
}
