import Foundation

/// The one way mockhoa writes a CSV cell (RFC 4180), for every CSV file it writes.
public enum CSVCell {
    /// `text` as a cell between `delimiter`s: in quotes, its quotes doubled, when it holds the
    /// delimiter, a quote or a line break; as it is otherwise. `inert` (for a file made to be
    /// opened in a spreadsheet): a text that a spreadsheet would run as a formula — one starting
    /// with `=`, `+`, `-`, `@`, a tab or a carriage return — gets a leading apostrophe, which
    /// Excel and LibreOffice show as text (OWASP's advice against CSV injection).
    public static func text(_ text: String, delimiter: Character = ",", inert: Bool = false) -> String {
        var text = text
        if inert, let first = text.unicodeScalars.first, formulaStarts.contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// What makes a spreadsheet read a cell as a formula.
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]
}
