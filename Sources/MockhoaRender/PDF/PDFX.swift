import Foundation
import MockhoaCore

/// A CMYK output profile (ICC) for a PDF/X output intent.
public struct ICCProfile: Hashable, Sendable {
    public var bytes: [UInt8]
    /// The profile's own description (its `desc` tag), e.g. "Artifex CMYK SWOP Profile".
    public var description: String

    /// Ghostscript's CMYK profile (a SWOP press), from Debian's `libgs-common`, which comes
    /// with `ghostscript` (scripts/setup installs it).
    public static let defaultPath = "/usr/share/color/icc/ghostscript/default_cmyk.icc"

    /// Reads and checks a profile: an ICC output profile (class `prtr`) of a CMYK device.
    public init(path: String) throws(PDFXError) {
        let data: Data
        do {
            // A regular file of at most 16 MiB: `/dev/zero` or a FIFO is refused, not read forever.
            data = try InputFile.read(path: path, limit: 16 << 20)
        } catch {
            throw .profile(path, path == Self.defaultPath && error == .notFound ? Message("icc.defaultMissing") : error.message)
        }
        try self.init(bytes: Array(data), name: path)
    }

    /// `name` says where the bytes came from, in messages.
    public init(bytes: [UInt8], name: String) throws(PDFXError) {
        func tag(_ offset: Int) -> String { String(decoding: bytes[offset..<offset + 4], as: UTF8.self) }
        guard bytes.count >= 132, tag(36) == "acsp" else { throw .profile(name, Message("icc.notICC")) }
        guard tag(16) == "CMYK" else {
            throw .profile(name, Message("icc.notCMYK", tag(16).trimmingCharacters(in: .whitespaces)))
        }
        guard tag(12) == "prtr" else { throw .profile(name, Message("icc.notOutput")) }
        if let damage = Self.damage(in: bytes) { throw .profile(name, damage) }
        self.bytes = bytes
        description = Self.description(of: bytes) ?? URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent
    }

    /// What is wrong with the structure of profile `b` (its header says CMYK output), or nil:
    /// its size as the header gives it (a truncated or padded file), its version, and a tag
    /// table whose every tag lies inside the profile, holding the description and the two
    /// colour tables (CMYK to the connection space and back) a press's software converts with.
    static func damage(in b: [UInt8]) -> Message? {
        func u32(_ o: Int) -> Int { b[o..<o + 4].reduce(0) { $0 << 8 | Int($1) } }
        func signature(_ o: Int) -> String { String(decoding: b[o..<o + 4], as: UTF8.self) }
        guard u32(0) == b.count else {
            return Message("icc.size", u32(0), b.count)
        }
        guard [2, 4].contains(b[8]) else { return Message("icc.version", Int(b[8])) }
        guard ["XYZ ", "Lab "].contains(signature(20)) else { return Message("icc.connectionSpace") }
        let count = u32(128), tableEnd = 132 + 12 * count
        guard tableEnd <= b.count else { return Message("icc.tagCount", count) }
        var types: [String: String] = [:]
        for i in 0..<count {
            let entry = 132 + 12 * i, offset = u32(entry + 4), size = u32(entry + 8)
            guard offset >= tableEnd, size >= 8, offset + size <= b.count else {
                return Message("icc.tagOutside", signature(entry))
            }
            types[signature(entry)] = signature(offset)
        }
        for (tag, allowed) in [("desc", ["desc", "mluc"]), ("A2B0", ["mft1", "mft2", "mAB "]), ("B2A0", ["mft1", "mft2", "mBA "])] {
            guard let type = types[tag] else { return Message("icc.tagMissing", tag) }
            guard allowed.contains(type) else { return Message("icc.tagType", tag, type) }
        }
        return nil
    }

    /// The text of the `desc` tag: ICC v2 `desc` (ASCII) or v4 `mluc` (UTF-16, first record).
    private static func description(of b: [UInt8]) -> String? {
        func u32(_ o: Int) -> Int? { o + 4 <= b.count ? b[o..<o + 4].reduce(0) { $0 << 8 | Int($1) } : nil }
        guard let count = u32(128), count < 1000 else { return nil }
        for i in 0..<count {
            let entry = 132 + 12 * i
            guard let signature = u32(entry), signature == 0x6465_7363,  // 'desc'
                let offset = u32(entry + 4), let size = u32(entry + 8), offset + size <= b.count, size >= 12
            else { continue }
            let type = String(decoding: b[offset..<offset + 4], as: UTF8.self)
            if type == "desc", let length = u32(offset + 8), offset + 12 + length <= b.count {
                return String(decoding: b[(offset + 12)..<(offset + 12 + length)].prefix { $0 != 0 }, as: UTF8.self)
            }
            if type == "mluc", let recordLength = u32(offset + 20), let recordOffset = u32(offset + 24),
                offset + recordOffset + recordLength <= b.count
            {
                let units = stride(from: offset + recordOffset, to: offset + recordOffset + recordLength - 1, by: 2)
                    .map { UInt16(b[$0]) << 8 | UInt16(b[$0 + 1]) }
                return String(decoding: units, as: UTF16.self)
            }
        }
        return nil
    }
}

/// What makes a PDF a PDF/X-4 file for a CMYK press: the output intent with its profile, the
/// page boxes, and the identification (Info keys and XMP metadata).
public struct PDFX: Sendable {
    public var profile: ICCProfile
    /// The document title (dc:title, /Title).
    public var title: String
    /// The render date, `YYYY-MM-DD`: creation and modification dates.
    public var date: String
    /// How far the trim lies inside the page on every side, in mm (the bleed of a keychain PDF;
    /// 0 for a sheet, whose trim is the paper).
    public var bleed: Double

    public init(profile: ICCProfile, title: String, date: String, bleed: Double) {
        self.profile = profile; self.title = title; self.date = date; self.bleed = bleed
    }

    /// Adds the output intent and metadata to the catalog, and /TrimBox and /BleedBox to every page.
    func apply(to document: QPDFDocument, pages: [QPDFDocument.Handle]) throws(QPDFError) {
        let inset = bleed * 72 / 25.4
        for (index, page) in pages.enumerated() {
            guard let box = try document.value(page, "/MediaBox"), case let v = try document.items(box).compactMap(document.number),
                v.count == 4
            else { throw .malformed(Message("pdf.noMediaBox", index + 1)) }
            let (x0, y0, x1, y1) = (min(v[0], v[2]), min(v[1], v[3]), max(v[0], v[2]), max(v[1], v[3]))
            guard x1 - x0 > 2 * inset, y1 - y0 > 2 * inset else { throw .malformed(Message("pdf.smallerThanBleed", index + 1)) }
            let media = [x0, y0, x1, y1].map(QPDFDocument.format).joined(separator: " ")
            let trim = [x0 + inset, y0 + inset, x1 - inset, y1 - inset].map(QPDFDocument.format).joined(separator: " ")
            try document.set(page, "/BleedBox", document.parse("[\(media)]"))
            try document.set(page, "/TrimBox", document.parse("[\(trim)]"))
        }
        let profile = try document.newStream(self.profile.bytes)
        try document.set(profile, "/N", document.parse("4"))
        let intent = try document.parse("<< /Type /OutputIntent /S /GTS_PDFX /OutputConditionIdentifier (Custom) /RegistryName () >>")
        try document.set(intent, "/OutputCondition", document.parse(Self.literal(self.profile.description)))
        try document.set(intent, "/Info", document.parse(Self.literal(self.profile.description)))
        try document.set(intent, "/DestOutputProfile", profile)
        let root = try document.root()
        try document.set(root, "/OutputIntents", document.newArray([try document.indirect(intent)]))
        let metadata = try document.newStream(Array(xmp.utf8))
        try document.set(metadata, "/Type", document.newName("/Metadata"))
        try document.set(metadata, "/Subtype", document.newName("/XML"))
        try document.set(root, "/Metadata", metadata)

        let pdfDate = "D:" + date.replacingOccurrences(of: "-", with: "") + "000000Z"
        for (key, value) in [
            ("/GTS_PDFXVersion", "PDF/X-4"), ("/Title", title), ("/CreationDate", pdfDate),
            ("/ModDate", pdfDate), ("/Creator", "mockhoa"), ("/Producer", Self.producer),
        ] {
            try document.setInfo(key, value)
        }
        if let info = try document.value(try document.trailer(), "/Info") {
            try document.set(info, "/Trapped", document.newName("/False"))
        }
    }

    /// /Producer in the Info dictionary and the XMP alike (checkers compare them).
    static let producer = "mockhoa (cairo, qpdf)"

    /// The XMP packet: PDF/X-4 identification, title, dates, producer and document IDs (derived
    /// from the title and date, so the bytes stay reproducible).
    var xmp: String {
        let stamp = "\(date)T00:00:00Z"
        let id = "uuid:" + Self.uuid(from: title + "\u{1F}" + date)
        func escaped(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
        }
        return """
            <?xpacket begin="\u{FEFF}" id="W5M0MpCehiHzreSzNTczkc9d"?>
            <x:xmpmeta xmlns:x="adobe:ns:meta/">
             <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
              <rdf:Description rdf:about=""
                xmlns:dc="http://purl.org/dc/elements/1.1/"
                xmlns:xmp="http://ns.adobe.com/xap/1.0/"
                xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
                xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
                xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
               <dc:format>application/pdf</dc:format>
               <dc:title><rdf:Alt><rdf:li xml:lang="x-default">\(escaped(title))</rdf:li></rdf:Alt></dc:title>
               <xmp:CreateDate>\(stamp)</xmp:CreateDate>
               <xmp:ModifyDate>\(stamp)</xmp:ModifyDate>
               <xmp:MetadataDate>\(stamp)</xmp:MetadataDate>
               <xmp:CreatorTool>mockhoa</xmp:CreatorTool>
               <pdf:Producer>\(Self.producer)</pdf:Producer>
               <pdf:Trapped>False</pdf:Trapped>
               <xmpMM:DocumentID>\(id)</xmpMM:DocumentID>
               <xmpMM:InstanceID>\(id)</xmpMM:InstanceID>
               <xmpMM:VersionID>1</xmpMM:VersionID>
               <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
               <pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>
              </rdf:Description>
             </rdf:RDF>
            </x:xmpmeta>
            <?xpacket end="w"?>
            """
    }

    /// A PDF literal string of `text`: ASCII as it is, anything else as UTF-16BE with a BOM.
    static func literal(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) {
            return "("
                + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "(", with: "\\(")
                .replacingOccurrences(of: ")", with: "\\)") + ")"
        }
        return "<FEFF" + text.utf16.map { String(format: "%04X", $0) }.joined() + ">"
    }

    /// A UUID-shaped name derived from `text` (FNV-1a, twice): stable for the same input.
    static func uuid(from text: String) -> String {
        var a: UInt64 = 0xcbf2_9ce4_8422_2325, b: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in text.utf8 { a = (a ^ UInt64(byte)) &* 0x100_0000_01b3; b = (b ^ UInt64(byte)) &* 0x100_0000_01b3 &+ 1 }
        let hex = String(format: "%016llx%016llx", a, b)
        let c = Array(hex)
        return "\(String(c[0..<8]))-\(String(c[8..<12]))-\(String(c[12..<16]))-\(String(c[16..<20]))-\(String(c[20..<32]))"
    }
}

/// Why a PDF/X file cannot be made.
public enum PDFXError: MessageError, Equatable, Sendable {
    /// The output profile `path` is unusable: why.
    case profile(String, Message)
    public var asMessage: Message {
        switch self {
        case let .profile(path, why): Message("pdfx.profile", path, why)
        }
    }
}
