import Foundation

/// What a file that should be a workbook is, told from its first bytes, for a message that says
/// what to do with it.
enum FileKind {
    /// Passes a ZIP archive (which an `.xlsx` is); throws, saying what the file is, otherwise.
    static func checkLooksLikeZIP(_ data: Data, file: String) throws(WorkbookProblem) {
        let head = data.prefix(4096)
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) { return }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { throw compoundFile(data, file: file) }
        throw .notAWorkbook(describe(head), file: file)
    }

    /// An OLE2 compound file: what Office saves an encrypted workbook as, and the old `.xls`.
    /// The names of its streams are in UTF-16 in its directory.
    private static func compoundFile(_ data: Data, file: String) -> WorkbookProblem {
        func hasStream(_ name: String) -> Bool {
            data.range(of: Data(name.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })) != nil
        }
        if hasStream("EncryptedPackage") {
            return WorkbookProblem(.encrypted, Message("workbook.encrypted"), file: file)
        }
        if hasStream("Workbook") || hasStream("Book") {
            return .notAWorkbook(Message("workbook.is.xls"), file: file)
        }
        if hasStream("WordDocument") { return .notAWorkbook(Message("workbook.is.doc"), file: file) }
        return .notAWorkbook(Message("workbook.is.oldOrProtected"), file: file)
    }

    /// What the start of a file that is not a ZIP archive looks like.
    private static func describe(_ head: Data) -> Message {
        if head.isEmpty { return Message("file.empty") }
        if head.starts(with: Array("%PDF".utf8)) { return Message("workbook.is.pdf") }
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) { return Message("workbook.is.text") }
        guard
            let text = String(bytes: head.starts(with: [0xEF, 0xBB, 0xBF]) ? head.dropFirst(3) : head, encoding: .utf8)
                ?? String(bytes: head.dropLast(3), encoding: .utf8)
        else { return Message("workbook.is.notZIP") }
        let start = text.drop { $0.isWhitespace }.prefix(256).lowercased()
        if start.hasPrefix("<!doctype html") || start.hasPrefix("<html") || start.contains("<table") {
            return Message("workbook.is.html")
        }
        if start.hasPrefix("<?xml") {
            return Message("workbook.is.xml")
        }
        if text.contains("\0") { return Message("workbook.is.notZIP") }
        return Message("workbook.is.text")
    }

    /// What a ZIP archive without a workbook part holds.
    static func describeArchive(_ package: WorkbookPackage) -> Message {
        if let mimetype = try? package.part("mimetype"), let type = String(data: mimetype, encoding: .utf8),
            type.hasPrefix("application/vnd.oasis.opendocument")
        {
            return type.hasSuffix(".spreadsheet")
                ? Message("workbook.is.ods") : Message("workbook.is.odf")
        }
        if package.contains("word/document.xml") { return Message("workbook.is.docx") }
        if package.contains("ppt/presentation.xml") { return Message("workbook.is.pptx") }
        return Message("workbook.is.zip")
    }
}
