import Foundation
import CQPDF
import CFlate
import MockhoaCore

/// A PDF opened with qpdf (Debian's `libqpdf`) through its C API: reads classic cross-reference
/// tables, cross-reference streams and object streams alike, edits objects, and writes the
/// whole file again with a deterministic /ID, so that the same input gives the same bytes.
///
/// Object handles (`qpdf_oh`) are only valid while the document lives. qpdf reports a problem
/// by recording an error (never by crashing); every call that can fail is followed by `check`.
final class QPDFDocument {
    typealias Handle = qpdf_oh

    private var qpdf: qpdf_data?
    /// libqpdf's functions (`QPDFLibrary`).
    private let q: cqpdf_api
    /// qpdf reads objects from the input lazily: the bytes must outlive `qpdf`.
    private let input: UnsafeMutableBufferPointer<UInt8>

    /// Reads `bytes`. Damaged files are refused rather than repaired (qpdf's recovery is off):
    /// a sheet is only ever built from a PDF that Cairo finished writing.
    init(_ bytes: [UInt8]) throws(QPDFError) {
        q = try QPDFLibrary.api.get()
        input = .allocate(capacity: max(1, bytes.count))
        _ = input.initialize(from: bytes)
        qpdf = q.qpdf_init()
        q.qpdf_silence_errors(qpdf)
        q.qpdf_set_suppress_warnings(qpdf, 1)
        q.qpdf_set_attempt_recovery(qpdf, 0)
        input.withMemoryRebound(to: CChar.self) { _ = q.qpdf_read_memory(qpdf, "PDF", $0.baseAddress, UInt64(bytes.count), nil) }
        try check()
        if q.qpdf_is_encrypted(qpdf) != 0 { throw .unsupported(Message("pdf.encrypted")) }
        // Every page gets its own /Resources, /MediaBox and /Rotate, however they were inherited.
        _ = q.qpdf_push_inherited_attributes_to_page(qpdf)
        try check()
    }

    deinit {
        q.qpdf_cleanup(&qpdf)
        input.deallocate()
    }

    /// Throws the error qpdf recorded since the last check. Warnings are not errors: Cairo 1.16
    /// writes resource dictionaries with a key twice, which qpdf reports and reads as PDF
    /// readers do (the last one wins).
    func check() throws(QPDFError) {
        if q.qpdf_has_error(qpdf) != 0 {
            throw .malformed(Message("pdf.qpdf", String(cString: q.qpdf_get_error_full_text(qpdf, q.qpdf_get_error(qpdf))!)))
        }
    }

    // MARK: Reading

    /// The pages in order.
    func pages() throws(QPDFError) -> [Handle] {
        let count = q.qpdf_get_num_pages(qpdf)
        try check()
        var pages: [Handle] = []
        for i in 0..<max(0, Int(count)) {
            pages.append(q.qpdf_get_page_n(qpdf, i))
            try check()
        }
        return pages
    }

    /// The document catalog.
    func root() throws(QPDFError) -> Handle {
        let root = q.qpdf_get_root(qpdf)
        try check()
        return root
    }

    /// The trailer dictionary.
    func trailer() throws(QPDFError) -> Handle {
        let trailer = q.qpdf_get_trailer(qpdf)
        try check()
        return trailer
    }

    /// Sets a text entry of the document information dictionary (`"/Title"`), as a text
    /// string (UTF-16 when it is not plain ASCII); makes the dictionary if there is none.
    func setInfo(_ key: String, _ value: String) throws(QPDFError) {
        let trailer = try trailer()
        let info: Handle
        if let existing = try self.value(trailer, "/Info") {
            info = existing
        } else {
            info = try indirect(newDictionary())
            try set(trailer, "/Info", info)
        }
        try set(info, key, q.qpdf_oh_new_unicode_string(qpdf, value))
    }

    /// The value under `key` (`"/Name"`) of a dictionary or a stream's dictionary, or nil when
    /// absent or null. Indirect references are followed.
    func value(_ object: Handle, _ key: String) throws(QPDFError) -> Handle? {
        let object = dictionary(of: object)
        let found = q.qpdf_oh_has_key(qpdf, object, key) != 0 ? q.qpdf_oh_get_key(qpdf, object, key) : nil
        try check()
        guard let found, q.qpdf_oh_is_null(qpdf, found) == 0 else { return nil }
        return found
    }

    /// A stream's dictionary; anything else as it is.
    private func dictionary(of object: Handle) -> Handle {
        q.qpdf_oh_is_stream(qpdf, object) != 0 ? q.qpdf_oh_get_dict(qpdf, object) : object
    }

    func isDictionary(_ o: Handle) -> Bool { q.qpdf_oh_is_dictionary(qpdf, o) != 0 }
    func isArray(_ o: Handle) -> Bool { q.qpdf_oh_is_array(qpdf, o) != 0 }
    func isStream(_ o: Handle) -> Bool { q.qpdf_oh_is_stream(qpdf, o) != 0 }
    func isIndirect(_ o: Handle) -> Bool { q.qpdf_oh_is_indirect(qpdf, o) != 0 }
    /// The object number of an indirect object (0 for a direct one).
    func objectNumber(_ o: Handle) -> Int { Int(q.qpdf_oh_get_object_id(qpdf, o)) }

    /// A number's value, or nil for anything else.
    func number(_ o: Handle) -> Double? {
        q.qpdf_oh_is_number(qpdf, o) != 0 ? q.qpdf_oh_get_numeric_value(qpdf, o) : nil
    }

    /// A name's text without its slash, or nil for anything else.
    func name(_ o: Handle) -> String? {
        q.qpdf_oh_is_name(qpdf, o) != 0 ? String(String(cString: q.qpdf_oh_get_name(qpdf, o)!).dropFirst()) : nil
    }

    /// An array's items (empty for anything else).
    func items(_ array: Handle) throws(QPDFError) -> [Handle] {
        let count = q.qpdf_oh_get_array_n_items(qpdf, array)
        var items: [Handle] = []
        for i in 0..<max(0, count) { items.append(q.qpdf_oh_get_array_item(qpdf, array, i)) }
        try check()
        return items
    }

    /// A dictionary's keys, with their slashes (`"/Font"`).
    func keys(_ dictionary: Handle) throws(QPDFError) -> [String] {
        var keys: [String] = []
        q.qpdf_oh_begin_dict_key_iter(qpdf, self.dictionary(of: dictionary))
        while q.qpdf_oh_dict_more_keys(qpdf) != 0 { keys.append(String(cString: q.qpdf_oh_dict_next_key(qpdf)!)) }
        try check()
        return keys
    }

    /// The object in PDF syntax, indirect objects as references.
    func unparse(_ o: Handle) -> String { String(cString: q.qpdf_oh_unparse(qpdf, o)!) }

    /// A stream's data with its filters (Flate, …) undone.
    func streamData(_ stream: Handle) throws(QPDFError) -> [UInt8] {
        var buffer: UnsafeMutablePointer<UInt8>?, length = 0
        var filtered: QPDF_BOOL = 0
        _ = q.qpdf_oh_get_stream_data(qpdf, stream, qpdf_dl_generalized, &filtered, &buffer, &length)
        defer { free(buffer) }
        try check()
        guard filtered != 0 else { throw .unsupported(Message("pdf.filter")) }
        return buffer.map { Array(UnsafeBufferPointer(start: $0, count: length)) } ?? []
    }

    /// All of a page's content streams, decoded and concatenated.
    func pageContent(_ page: Handle) throws(QPDFError) -> [UInt8] {
        var buffer: UnsafeMutablePointer<UInt8>?, length = 0
        _ = q.qpdf_oh_get_page_content_data(qpdf, page, &buffer, &length)
        defer { free(buffer) }
        try check()
        return buffer.map { Array(UnsafeBufferPointer(start: $0, count: length)) } ?? []
    }

    // MARK: Editing

    /// A new direct object from PDF syntax (no indirect references), e.g. `[/Separation /All …]`.
    func parse(_ text: String) throws(QPDFError) -> Handle {
        let object = q.qpdf_oh_parse(qpdf, text)
        try check()
        return object
    }

    /// `object` made an indirect object of this document; returns the reference.
    func indirect(_ object: Handle) throws(QPDFError) -> Handle {
        let reference = q.qpdf_make_indirect_object(qpdf, object)
        try check()
        return reference
    }

    /// A new indirect spot colour space as RIPs expect it, `[/Separation /<name> /DeviceCMYK
    /// <Type 2 function: tint 0 → no ink, 1 → cmyk>]`; returns the reference.
    func newSeparation(_ name: String, alternate cmyk: [Double]) throws(QPDFError) -> Handle {
        let c1 = cmyk.map(Self.format).joined(separator: " ")
        return try indirect(
            parse(
                "[/Separation \(Self.escapedName(name)) /DeviceCMYK "
                    + "<< /FunctionType 2 /Domain [0 1] /C0 [0 0 0 0] /C1 [\(c1)] /N 1 >>]"))
    }

    /// A new, empty direct dictionary.
    func newDictionary() -> Handle { q.qpdf_oh_new_dictionary(qpdf) }

    /// A new direct array of `items`.
    func newArray(_ items: [Handle]) -> Handle {
        let array = q.qpdf_oh_new_array(qpdf)
        for item in items { q.qpdf_oh_append_item(qpdf, array, item) }
        return array
    }

    /// A new name object (`"/Name"`).
    func newName(_ name: String) -> Handle { q.qpdf_oh_new_name(qpdf, name) }

    /// A new indirect stream holding `data` unfiltered: the writer compresses it, except the
    /// document's XMP metadata, which it leaves readable.
    func newStream(_ data: [UInt8]) throws(QPDFError) -> Handle {
        let stream = q.qpdf_oh_new_stream(qpdf)
        try replaceStreamData(stream, with: data, filter: q.qpdf_oh_new_null(qpdf))
        return stream
    }

    /// A new indirect stream holding `content`, already compressed.
    func newStream(_ content: FlateStream) throws(QPDFError) -> Handle {
        let stream = q.qpdf_oh_new_stream(qpdf)
        try replaceStreamData(stream, with: content)
        return stream
    }

    /// Replaces a stream's data with `content` (its /Filter becomes /FlateDecode, its
    /// /DecodeParms go).
    func replaceStreamData(_ stream: Handle, with content: FlateStream) throws(QPDFError) {
        try replaceStreamData(
            stream, with: content.bytes, filter: content.isCompressed ? newName("/FlateDecode") : q.qpdf_oh_new_null(qpdf))
    }

    private func replaceStreamData(_ stream: Handle, with data: [UInt8], filter: Handle) throws(QPDFError) {
        let none = q.qpdf_oh_new_null(qpdf)
        data.withUnsafeBufferPointer { q.qpdf_oh_replace_stream_data(qpdf, stream, $0.baseAddress, $0.count, filter, none) }
        try check()
    }

    /// Sets `key` (`"/Name"`) of a dictionary.
    func set(_ dictionary: Handle, _ key: String, _ value: Handle) throws(QPDFError) {
        q.qpdf_oh_replace_key(qpdf, self.dictionary(of: dictionary), key, value)
        try check()
    }

    /// A new direct dictionary with the entries of `dictionary` (values shared, not copied).
    func shallowCopy(_ dictionary: Handle?) throws(QPDFError) -> Handle {
        let copy = newDictionary()
        guard let dictionary else { return copy }
        for key in try keys(dictionary) { try set(copy, key, q.qpdf_oh_get_key(qpdf, dictionary, key)) }
        return copy
    }

    // MARK: Writing

    /// The whole document, written again: objects renumbered, streams kept as they were read
    /// (Cairo's compressed ones and `FlateStream`s are copied, not compressed again; only
    /// unfiltered ones are compressed), object streams kept if the input had them,
    /// and a deterministic /ID (computed from the content), so the bytes depend on the input only.
    /// `minimumVersion` raises the PDF version (`"1.6"`) when the file is older.
    func write(minimumVersion: String? = nil) throws(QPDFError) -> [UInt8] {
        _ = q.qpdf_init_write_memory(qpdf)
        try check()
        q.qpdf_set_deterministic_ID(qpdf, 1)
        if let minimumVersion { q.qpdf_set_minimum_pdf_version(qpdf, minimumVersion) }
        _ = q.qpdf_write(qpdf)
        try check()
        let length = q.qpdf_get_buffer_length(qpdf)
        guard let buffer = q.qpdf_get_buffer(qpdf) else { throw .malformed(Message("pdf.wroteNothing")) }
        return Array(UnsafeBufferPointer(start: buffer, count: length))
    }

    // MARK: Syntax

    /// `/Name` with delimiters, whitespace, `#` and bytes outside `!`…`~` written as `#xx`
    /// (`PANTONE 485 C` → `/PANTONE#20485#20C`), for content streams and `parse`.
    static func escapedName(_ name: String) -> String {
        var out = "/"
        for byte in name.utf8 {
            if byte > 0x20, byte < 0x7F, !"()<>[]{}/%#".utf8.contains(byte) {
                out.unicodeScalars.append(UnicodeScalar(byte))
            } else {
                out += "#" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    /// A number in plain decimal notation (PDF has no exponents), as short as round-trips.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        let shortest = String(value)
        if !shortest.contains("e") { return shortest }
        var text = String(format: "%.10f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}

/// Stream content compressed with zlib (`/FlateDecode`) before qpdf sees it: qpdf's writer
/// copies a Flate stream as it is, so content compressed once (the same cut line on every
/// sheet of a batch) is not compressed again for each document.
struct FlateStream: Hashable, Sendable {
    /// The compressed bytes, or the content itself when zlib could not compress it.
    let bytes: [UInt8]
    /// False only when zlib failed (out of memory): the writer then compresses the plain bytes.
    let isCompressed: Bool

    /// `content` compressed at zlib `level` (0–9; 6 unless said, as qpdf's writer would).
    init(compressing content: [UInt8], level: Int32 = Z_DEFAULT_COMPRESSION) {
        var length = compressBound(uLong(content.count))
        var out = [UInt8](repeating: 0, count: Int(length))
        let status = out.withUnsafeMutableBufferPointer { out in
            content.withUnsafeBufferPointer { compress2(out.baseAddress, &length, $0.baseAddress, uLong($0.count), level) }
        }
        if status == Z_OK {
            out.removeSubrange(Int(length)...)
            (bytes, isCompressed) = (out, true)
        } else {
            (bytes, isCompressed) = (content, false)
        }
    }
}

/// libqpdf, loaded when first needed rather than linked: loading it (a C++ library, GnuTLS
/// behind it) costs a preview, which never needs it, about 11 % of its time (docs/performance.md).
/// Opened by the soname the build found (Sources/CQPDF).
public enum QPDFLibrary {
    /// Loads libqpdf on another thread now, so that it is ready when the first PDF is finished;
    /// for commands that will make one, called before they read their inputs.
    public static func preload() {
        Thread.detachNewThread { _ = api }
    }

    /// The library's functions, loaded once (callers wait for a load under way).
    static let api: Result<cqpdf_api, QPDFError> = {
        let api = UnsafeMutablePointer<cqpdf_api>.allocate(capacity: 1)
        defer { api.deallocate() }
        if let error = cqpdf_load(api) {
            return .failure(.notLoaded(String(cString: error)))
        }
        return .success(api.pointee)
    }()
}

/// Why qpdf could not read or write a PDF.
enum QPDFError: Error {
    /// Not a readable PDF (no header, truncated, broken syntax or structure): why, qpdf's own
    /// message quoted where it found the fault.
    case malformed(Message)
    /// A valid PDF using something this step does not handle (encryption, rotated pages).
    case unsupported(Message)
    /// libqpdf could not be loaded: dlerror's text.
    case notLoaded(String)
}
