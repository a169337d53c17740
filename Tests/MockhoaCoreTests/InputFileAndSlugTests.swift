import Foundation
import Testing
@testable import MockhoaCore

// Reading input files a user names (regular files only, bounded) and slugs that are one
// function of the whole directory, safe as file names on every system.

@Suite struct InputFileTests {
    func withFolder<T>(_ body: (String) throws -> T) throws -> T {
        let dir = NSTemporaryDirectory() + "/mockhoa-input-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        return try body(dir)
    }

    func problem(_ path: String, limit: Int = InputFile.defaultLimit) -> InputFileProblem? {
        do { _ = try InputFile.read(path: path, limit: limit); return nil } catch { return error }
    }

    @Test func readsARegularFileAndOneThroughASymbolicLink() throws {
        try withFolder { dir in
            try Data("name: x\n".utf8).write(to: URL(fileURLWithPath: dir + "/d.yaml"))
            try FileManager.default.createSymbolicLink(atPath: dir + "/link.yaml", withDestinationPath: "d.yaml")
            #expect(try InputFile.read(path: dir + "/d.yaml") == Data("name: x\n".utf8))
            #expect(try InputFile.read(path: dir + "/link.yaml") == Data("name: x\n".utf8))
        }
    }

    @Test("/dev/zero, a FIFO and a folder are 'not a regular file', each named; none hangs")
    func specialFilesAreNamed() throws {
        try withFolder { dir in
            #expect(problem("/dev/zero")?.message.text(in: .en) == "not a regular file: it is a character device")
            #expect(mkfifo(dir + "/fifo", 0o644) == 0)
            #expect(problem(dir + "/fifo")?.message.text(in: .en) == "not a regular file: it is a FIFO (named pipe)")
            #expect(problem(dir)?.message.text(in: .en) == "not a regular file: it is a folder")
            #expect(problem(dir + "/missing.yaml") == .notFound)
            #expect(problem("")?.message.text(in: .en) == "file not found")
        }
    }

    @Test func aFileOverTheLimitIsRefusedWithItsSize() throws {
        try withFolder { dir in
            try Data(repeating: 0x41, count: 5000).write(to: URL(fileURLWithPath: dir + "/big.csv"))
            #expect(
                problem(dir + "/big.csv", limit: 4096)?.message.text(in: .en)
                    == "the file is too large (5000 bytes; input files are read up to 4096 bytes)")
            #expect(problem(dir + "/big.csv", limit: 5000) == nil)
        }
    }

    @Test func longNamesAndFilesInTheWayAreNamed() {
        #expect(problem("/tmp/" + String(repeating: "x", count: 300))?.message.text(in: .en) == "file name too long")
        #expect(problem("/etc/passwd/x")?.message.text(in: .en) == "a part of the path is not a folder")
    }

    @Test func systemErrorsSayWhatHappened() {
        #expect(SystemError.describe(ENOSPC).text(in: .en) == "no space left on device")
        #expect(SystemError.describe(ENAMETOOLONG).text(in: .en) == "file name too long")
        #expect(SystemError.describe(EROFS).text(in: .en) == "read-only file system")
        #expect(SystemError.describe(EACCES).text(in: .en) == "permission denied")
        #expect(SystemError.describe(ENOSPC).text(in: .vi) == "thiết bị đã hết chỗ trống")
    }

    @Test("--template /dev/zero and a folder as --data say 'not a regular file', not 'no such file'")
    func loadersUseIt() throws {
        #expect { try TemplateLoader.load("/dev/zero") } throws: {
            "\($0)".contains("not a regular file: it is a character device") && !"\($0)".contains("built-in templates")
        }
        #expect { try TemplateLoader.load("/nonexistent/t.yaml") } throws: { "\($0)".contains("built-in templates: default") }
        #expect { try DirectoryLoader.load(path: "/dev/zero") } throws: {
            "\($0)".contains("/dev/zero: error: not a regular file: it is a character device")
        }
    }
}

@Suite struct SlugTests {
    func directory(_ names: [String]) -> Directory {
        let phone = try! PhoneNumber(parsing: "0272 3874 123")
        return Directory(
            issuer: Issuer(name: "Con", province: "Long An", hotlines: [phone]),
            communes: names.map { Commune(name: $0, kind: .xa, phone: phone) }, source: "test")
    }

    @Test("Tân Thành / Tân Thạnh: one slug each, in directory order, the same through slug(of:)")
    func collisionsAreNumberedInDirectoryOrder() {
        let d = directory(["Tân Thạnh", "Long Hậu", "Tân Thành", "Tân  thanh 2", "Tan Thanh"])
        #expect(d.slugs == ["tan-thanh", "long-hau", "tan-thanh-2", "tan-thanh-2-2", "tan-thanh-3"])
        for (commune, slug) in zip(d.communes, d.slugs) { #expect(d.slug(of: commune) == slug) }
    }

    @Test("names Windows reserves (con, nul, aux, prn, com1, lpt9) never become a file or folder name")
    func windowsReservedNames() {
        #expect(
            ["Cồn", "NUL", "Aux", "prn", "Com 1", "LPT9", "com0"].map(\.slug) == [
                "con_", "nul_", "aux_", "prn_", "com-1", "lpt9_", "com0_",
            ])
        #expect(["Cồn Thoi", "Com10", "Nulo"].map(\.slug) == ["con-thoi", "com10", "nulo"])
        #expect(directory(["Cồn"]).issuerSlug == "con_")
        #expect(directory(["Cồn", "Con"]).slugs == ["con_", "con_-2"])
    }

    @Test func slugsStayShortWhateverTheName() {
        let slug = String(repeating: "Phước Lại ", count: 5000).slug
        #expect(slug.count <= String.slugLimit && slug.hasPrefix("phuoc-lai-phuoc") && !slug.hasSuffix("-"), "\(slug)")
        #expect("/../..".slug == "unnamed" && "a/../b".slug == "a-b")
    }
}

/// Inputs the fuzz targets found (Fuzz/, scripts/fuzz), each read again as the command would.
@Suite struct FuzzFindingsTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/fuzz")

    @Test("the inflater is handed chunks as long as it is told (64 KiB), padded, never past the entry")
    func inflaterChunksAreFull() throws {
        let stored = Data((0..<100).map { UInt8($0) })
        let first = try WorkbookPackage.chunk(of: stored, at: 0, size: 65_536)
        #expect(first.count == 65_536 && first.prefix(100) == stored && first.dropFirst(100).allSatisfy { $0 == 0 })
        #expect(try WorkbookPackage.chunk(of: stored[50...], at: 10, size: 8) == Data(60..<68))
        #expect(throws: (any Error).self) { try WorkbookPackage.chunk(of: stored, at: 100, size: 8) }
    }

    @Test("a workbook whose last compressed chunk is short: no read past it (zlib was told 64 KiB), a clear problem or its cells")
    func workbookInflateOverread() throws {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent("workbook-inflate-overread.xlsx"))
        // Before the fix zlib read up to 64 KiB past the part's bytes and crashed (SEGV).
        for _ in 0..<20 {
            do { _ = try WorkbookReader.sheet(named: nil, in: data, file: "f.xlsx") } catch {
                #expect(!"\(error)".isEmpty)
            }
        }
    }
}
