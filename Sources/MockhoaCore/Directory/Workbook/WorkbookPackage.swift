import Foundation
import ZIPFoundation

/// The parts (files) inside an `.xlsx`, which is a ZIP archive.
///
/// The archive's directory is read here, with every offset and size checked against the data;
/// ZIPFoundation inflates the compressed parts. (Its `Archive` type is not used: on Linux its
/// inflater loops forever when a compressed stream runs past the end of the file, which a damaged
/// or hostile file can arrange. Here the inflater is only ever given the entry's own bytes.)
struct WorkbookPackage {
    /// One file in the archive, as its central directory describes it.
    struct Entry {
        var path: String
        var method: UInt16
        var encrypted: Bool
        var crc32: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
    }

    let data: Data
    let file: String
    let limits: WorkbookReader.Limits
    /// Entries by lower-cased path without a leading `/` (part names ignore case); the first of
    /// two entries with one name wins.
    private(set) var entries: [String: Entry] = [:]

    /// Reads the archive's directory; fails with `notAWorkbook` if `data` is not a ZIP archive.
    init(data: Data, file: String, limits: WorkbookReader.Limits) throws(WorkbookProblem) {
        self.data = data; self.file = file; self.limits = limits
        let bytes = ByteReader(data)
        guard let end = bytes.endOfCentralDirectory() else {
            throw bytes.u32(at: 0) == 0x0403_4b50
                ? .damaged(Message("workbook.truncated"), file: file)
                : .notAWorkbook(Message("workbook.is.notZIP"), file: file)
        }
        let count = Int(bytes.u16(at: end + 10) ?? 0)
        let directorySize = Int(bytes.u32(at: end + 12) ?? 0)
        let directoryOffset = Int(bytes.u32(at: end + 16) ?? 0)
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            throw WorkbookProblem(
                .tooLarge, Message("workbook.zip64"),
                file: file)
        }
        guard count <= limits.maxParts else {
            throw WorkbookProblem(.tooLarge, Message("workbook.tooManyParts", limits.maxParts), file: file)
        }
        guard directoryOffset <= end, directorySize <= end - directoryOffset else {
            throw .damaged(Message("workbook.d.directoryOutside"), file: file)
        }
        var offset = directoryOffset
        for _ in 0..<count {
            guard bytes.u32(at: offset) == 0x0201_4b50,
                let flags = bytes.u16(at: offset + 8), let method = bytes.u16(at: offset + 10),
                let crc = bytes.u32(at: offset + 16), let compressed = bytes.u32(at: offset + 20),
                let uncompressed = bytes.u32(at: offset + 24), let nameLength = bytes.u16(at: offset + 28),
                let extraLength = bytes.u16(at: offset + 30), let commentLength = bytes.u16(at: offset + 32),
                let localOffset = bytes.u32(at: offset + 42),
                let name = bytes.slice(at: offset + 46, count: Int(nameLength))
            else { throw .damaged(Message("workbook.d.directoryShort"), file: file) }
            let path = String(decoding: name, as: UTF8.self).replacingOccurrences(of: "\\", with: "/")
            let key = Self.key(path)
            if entries[key] == nil {
                entries[key] = Entry(
                    path: path, method: method, encrypted: flags & 1 != 0, crc32: crc,
                    compressedSize: Int(compressed), uncompressedSize: Int(uncompressed),
                    localHeaderOffset: Int(localOffset))
            }
            offset += 46 + Int(nameLength) + Int(extraLength) + Int(commentLength)
        }
    }

    /// Whether the archive has a part at `path`.
    func contains(_ path: String) -> Bool { entries[Self.key(path)] != nil }

    /// The contents of the part at `path`, or nil when there is none; at most `limits.maxPartBytes`.
    func part(_ path: String) throws(WorkbookProblem) -> Data? {
        guard let entry = entries[Self.key(path)] else { return nil }
        if entry.encrypted {
            throw WorkbookProblem(
                .encrypted, Message("workbook.encrypted"),
                file: file)
        }
        guard entry.uncompressedSize <= limits.maxPartBytes else { throw tooLarge(entry) }
        let bytes = ByteReader(data)
        guard bytes.u32(at: entry.localHeaderOffset) == 0x0403_4b50,
            let nameLength = bytes.u16(at: entry.localHeaderOffset + 26),
            let extraLength = bytes.u16(at: entry.localHeaderOffset + 28),
            let stored = bytes.slice(
                at: entry.localHeaderOffset + 30 + Int(nameLength) + Int(extraLength),
                count: entry.compressedSize)
        else { throw .damaged(Message("workbook.d.partShort", entry.path), file: file) }

        var contents: Data
        switch entry.method {
        case 0:
            contents = Data(stored)
        case 8:
            contents = Data()
            do {
                _ = try Data.decompress(
                    size: Int64(stored.count), bufferSize: 64 * 1024, skipCRC32: true,
                    provider: { position, size in try Self.chunk(of: stored, at: position, size: size) },
                    consumer: { chunk in
                        guard contents.count + chunk.count <= limits.maxPartBytes else { throw InflateError.tooLarge }
                        contents.append(chunk)
                    })
            } catch InflateError.tooLarge {
                throw tooLarge(entry)
            } catch {
                throw .damaged(Message("workbook.d.inflate", entry.path), file: file)
            }
        default:
            throw .damaged(Message("workbook.d.method", entry.path, "\(entry.method)"), file: file)
        }
        guard contents.count == entry.uncompressedSize, contents.crc32(checksum: 0) == entry.crc32 else {
            throw .damaged(Message("workbook.d.checksum", entry.path), file: file)
        }
        return contents
    }

    private func tooLarge(_ entry: Entry) -> WorkbookProblem {
        WorkbookProblem(.tooLarge, Message("workbook.partTooLarge", entry.path, limits.maxPartBytes / 1_048_576), file: file)
    }

    private enum InflateError: Error { case tooLarge, streamRunsPastEntry }

    /// The `size` bytes of compressed `stored` from `position`, for the inflater. ZIPFoundation tells
    /// zlib that every chunk holds `size` bytes, so a shorter last chunk is padded with zeros: zlib
    /// would otherwise read past it (a crash the fuzzer found). A stream that ends stops before the
    /// padding; one cut short meets zeros, which are not valid where it stands, or runs past the
    /// entry. Never an empty chunk: the inflater would wait for more forever.
    static func chunk(of stored: Data, at position: Int64, size: Int) throws -> Data {
        guard position >= 0, position < Int64(stored.count) else { throw InflateError.streamRunsPastEntry }
        let start = stored.startIndex + Int(position)
        var chunk = Data(stored[start..<min(start + size, stored.endIndex)])
        if chunk.count < size { chunk.append(Data(count: size - chunk.count)) }
        return chunk
    }

    /// How part names are compared: without a leading `/`, ignoring case.
    static func key(_ path: String) -> String {
        String(path.drop { $0 == "/" }).lowercased()
    }
}

/// Little-endian fields of a byte buffer, each nil when it would reach past the end.
struct ByteReader {
    let data: Data
    init(_ data: Data) { self.data = data }

    var count: Int { data.count }

    func slice(at offset: Int, count: Int) -> Data.SubSequence? {
        guard offset >= 0, count >= 0, offset <= data.count, count <= data.count - offset else { return nil }
        let start = data.startIndex + offset
        return data[start..<start + count]
    }

    func u16(at offset: Int) -> UInt16? {
        slice(at: offset, count: 2).map { $0.reversed().reduce(0) { $0 << 8 | UInt16($1) } }
    }

    func u32(at offset: Int) -> UInt32? {
        slice(at: offset, count: 4).map { $0.reversed().reduce(0) { $0 << 8 | UInt32($1) } }
    }

    /// The offset of the ZIP archive's end-of-central-directory record: the last place where its
    /// signature is, with room for the record's 22 bytes, within the final 22 + 65,535 bytes (the
    /// longest archive comment).
    func endOfCentralDirectory() -> Int? {
        guard data.count >= 22 else { return nil }
        var offset = data.count - 22
        let stop = max(0, data.count - 22 - 0xFFFF)
        while offset >= stop {
            if u32(at: offset) == 0x0605_4b50 { return offset }
            offset -= 1
        }
        return nil
    }
}
