import CCairo
import Foundation
import Testing

// Helpers for the end-to-end tests: run the built `mockhoa` and the tools a printer would use
// (Poppler, Ghostscript, zbar) in a temporary folder, read PNG and PPM pixels, and write
// directory files to feed the program.

// MARK: Temporary folders

/// A fresh folder under the system's temporary folder, removed when `body` returns.
func withTemporaryFolder<T>(_ body: (URL) throws -> T) throws -> T {
    var template = Array((NSTemporaryDirectory() + "/mockhoa-tests-XXXXXX").utf8CString)
    guard let made = mkdtemp(&template) else { throw SupportError("mkdtemp failed: \(String(cString: strerror(errno)))") }
    let url = URL(fileURLWithPath: String(cString: made), isDirectory: true).standardizedFileURL
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url)
}

struct SupportError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension URL {
    func appending(_ path: String) -> URL { appendingPathComponent(path) }
    var exists: Bool { FileManager.default.fileExists(atPath: path) }
    func bytes() throws -> [UInt8] { [UInt8](try Data(contentsOf: self)) }
    func write(_ text: String) throws { try Data(text.utf8).write(to: self) }

    /// Every regular file below this folder, as paths relative to it, sorted.
    func filesBelow() -> [String] {
        guard let walker = FileManager.default.enumerator(at: self, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [] }
        let base = standardizedFileURL.path + "/"
        var out: [String] = []
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
            let path = url.standardizedFileURL.path
            out.append(path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path)
        }
        return out.sorted()
    }
}

// MARK: Running programs

/// What a finished program left: exit status and its output.
struct Run: CustomStringConvertible {
    var status: Int32
    var signalled: Bool
    var stdout: String
    var stderr: String
    var stdoutBytes: [UInt8]

    /// Standard error, line by line, without empty lines.
    var stderrLines: [String] { stderr.split(separator: "\n").map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty } }

    var description: String { "exit \(status)\(signalled ? " (signal)" : "")\n--- stdout:\n\(stdout)\n--- stderr:\n\(stderr)" }

    /// No crash report: the program failed the way it means to, not by trapping.
    var hasNoCrashReport: Bool {
        !signalled
            && !["Fatal error", "Backtrac", "Stack dump", "Precondition failed", "Assertion failed", "SIGILL", "SIGTRAP"]
                .contains { stderr.contains($0) || stdout.contains($0) }
    }
}

enum Tools {
    /// The package root: three levels above this file (Tests/MockhoaTests/Support.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The executable that `swift build` leaves; the tests never build it themselves.
    static let mockhoa = packageRoot.appending(".build/debug/mockhoa")

    /// A fixed date for reproducible output: 2023-11-14.
    static let sourceDateEpoch = "1700000000"

    /// Starts `executable` with `arguments` in `folder`; output goes to files (no pipe can fill up).
    static func start(
        _ executable: URL, _ arguments: [String], in folder: URL,
        environment extra: [String: String] = [:]
    ) throws -> Started {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = "C.UTF-8"
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        let id = UUID().uuidString
        let outURL = URL(fileURLWithPath: NSTemporaryDirectory()).appending("mockhoa-tests-\(id).out")
        let errURL = URL(fileURLWithPath: NSTemporaryDirectory()).appending("mockhoa-tests-\(id).err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Started(process: process, out: out, err: err, outURL: outURL, errURL: errURL)
    }

    struct Started {
        let process: Process
        let out: FileHandle, err: FileHandle
        let outURL: URL, errURL: URL

        func wait() -> Run {
            process.waitUntilExit()
            try? out.close(); try? err.close()
            let stdout = (try? Data(contentsOf: outURL)) ?? Data()
            let stderr = (try? Data(contentsOf: errURL)) ?? Data()
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
            return Run(
                status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self),
                stdoutBytes: [UInt8](stdout))
        }
    }

    /// Runs `mockhoa` as a user would type it, in `folder`, with a fixed SOURCE_DATE_EPOCH.
    static func mockhoa(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws -> Run {
        guard FileManager.default.isExecutableFile(atPath: mockhoa.path) else {
            throw SupportError("\(mockhoa.path) is missing: run `swift build --build-tests` before `swift test --skip-build`")
        }
        var env = ["SOURCE_DATE_EPOCH": sourceDateEpoch]
        for (key, value) in environment { env[key] = value }
        return try start(mockhoa, arguments, in: folder, environment: env).wait()
    }

    /// Runs an installed tool (pdfinfo, pdftotext, gs, zbarimg…) found on PATH.
    static func run(_ tool: String, _ arguments: [String], in folder: URL) throws -> Run {
        try start(URL(fileURLWithPath: "/usr/bin/env"), [tool] + arguments, in: folder).wait()
    }

    /// Standard output of an installed tool, which must succeed.
    static func output(_ tool: String, _ arguments: [String], in folder: URL) throws -> String {
        let run = try run(tool, arguments, in: folder)
        guard run.status == 0 else { throw SupportError("\(tool) \(arguments.joined(separator: " ")) failed: \(run)") }
        return run.stdout
    }
}

// MARK: What printers' tools report

enum PDF {
    /// `pdftotext` of `pages` (1-based, inclusive; nil: all), NFC-normalised.
    static func text(_ file: URL, pages: ClosedRange<Int>? = nil) throws -> String {
        var arguments: [String] = []
        if let pages { arguments += ["-f", "\(pages.lowerBound)", "-l", "\(pages.upperBound)"] }
        return try Tools.output("pdftotext", arguments + [file.path, "-"], in: file.deletingLastPathComponent())
            .precomposedStringWithCanonicalMapping
    }

    /// Page count and every page's size in points, as `pdfinfo` reports them.
    static func pageSizes(_ file: URL) throws -> [(width: Double, height: Double)] {
        let folder = file.deletingLastPathComponent()
        let info = try Tools.output("pdfinfo", [file.path], in: folder)
        guard let pagesLine = info.split(separator: "\n").first(where: { $0.hasPrefix("Pages:") }),
            let count = Int(pagesLine.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces))
        else {
            throw SupportError("pdfinfo gives no page count:\n\(info)")
        }
        let perPage = try Tools.output("pdfinfo", ["-f", "1", "-l", "\(count)", file.path], in: folder)
        let regex = try NSRegularExpression(pattern: #"^Page\s+\d+ size:\s+([0-9.]+) x ([0-9.]+) pts"#, options: .anchorsMatchLines)
        let ns = perPage as NSString
        let sizes = regex.matches(in: perPage, range: NSRange(location: 0, length: ns.length)).map {
            (width: Double(ns.substring(with: $0.range(at: 1)))!, height: Double(ns.substring(with: $0.range(at: 2)))!)
        }
        guard sizes.count == count else { throw SupportError("pdfinfo lists \(sizes.count) page sizes for \(count) pages") }
        return sizes
    }

    /// Each font `pdffonts` lists: its name and whether it is embedded.
    static func fonts(_ file: URL) throws -> [(name: String, embedded: Bool)] {
        let listing = try Tools.output("pdffonts", [file.path], in: file.deletingLastPathComponent())
        let lines = listing.split(separator: "\n").map(String.init)
        guard let rule = lines.firstIndex(where: { $0.hasPrefix("----") }) else { throw SupportError("odd pdffonts output:\n\(listing)") }
        return lines[(rule + 1)...].map { line in
            // name type… encoding emb sub uni object ID: the type may hold spaces, the rest do not.
            let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            return (name: words.first ?? line, embedded: words.count >= 6 && words[words.count - 5] == "yes")
        }
    }

    /// The plates Ghostscript's `tiffsep` device writes for `file`, one per ink and page, by file
    /// name (`p1(Cyan).tif`, `p2(CutContour).tif`, numbered from the first page drawn): of every
    /// page, or of `page` (1-based) alone; `uncompressed` for `InkPlate` to read.
    static func separations(
        _ file: URL, page: Int? = nil, dpi: Int = 50, uncompressed: Bool = false, in folder: URL
    ) throws -> [String: [UInt8]] {
        let plates = folder.appending("plates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: plates, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: plates) }
        var options = ["-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffsep", "-r\(dpi)"]
        if uncompressed { options.append("-sCompression=none") }
        if let page { options += ["-dFirstPage=\(page)", "-dLastPage=\(page)"] }
        _ = try Tools.output("gs", options + ["-o", plates.appending("p%d.tif").path, file.path], in: folder)
        var found: [String: [UInt8]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: plates.path) { found[name] = try plates.appending(name).bytes() }
        return found
    }

    /// Page `page` (1-based) rasterised by Ghostscript at `dpi` without its text (-dFILTERTEXT).
    static func rasterWithoutText(_ file: URL, page: Int, dpi: Int, in folder: URL) throws -> RGBImage {
        let out = folder.appending("raster-\(UUID().uuidString).ppm")
        defer { try? FileManager.default.removeItem(at: out) }
        _ = try Tools.output(
            "gs",
            [
                "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-dFILTERTEXT", "-sDEVICE=ppmraw", "-r\(dpi)",
                "-dFirstPage=\(page)", "-dLastPage=\(page)", "-o", out.path, file.path,
            ], in: folder)
        return try RGBImage(ppm: out.bytes())
    }
}

// MARK: Pixels

/// One plate of Ghostscript's `tiffsep` output (`PDF.separations(…, uncompressed: true)`): ink
/// 0 (none) … 255 (full) per pixel.
struct InkPlate {
    var width: Int, height: Int, ink: [UInt8]

    /// The ink at (`x`, `y`); none outside the plate.
    func ink(_ x: Int, _ y: Int) -> UInt8 { x >= 0 && y >= 0 && x < width && y < height ? ink[y * width + x] : 0 }

    /// Reads an uncompressed 8-bit greyscale TIFF of either byte order.
    init(tiff data: [UInt8]) throws {
        let little = data.first == UInt8(ascii: "I")
        func u(_ offset: Int, _ size: Int) throws -> Int {
            guard offset >= 0, offset + size <= data.count else { throw SupportError("TIFF offset \(offset) out of range") }
            let bytes = data[offset..<(offset + size)]
            return (little ? bytes.reversed() : Array(bytes)).reduce(0) { $0 << 8 | Int($1) }
        }
        let ifd = try u(4, 4)
        var tags: [Int: [Int]] = [:]
        for i in 0..<(try u(ifd, 2)) {
            let entry = ifd + 2 + 12 * i
            let size = try u(entry + 2, 2) == 3 ? 2 : 4, count = try u(entry + 4, 4)
            let base = count * size <= 4 ? entry + 8 : try u(entry + 8, 4)
            tags[try u(entry, 2)] = try (0..<count).map { try u(base + $0 * size, size) }
        }
        guard let width = tags[256]?.first, let height = tags[257]?.first, tags[258]?.first == 8, tags[259]?.first == 1,
            let offsets = tags[273], let counts = tags[279]
        else {
            throw SupportError("not an uncompressed 8-bit greyscale TIFF: \(tags.keys.sorted())")
        }
        var pixels: [UInt8] = []
        for (offset, count) in zip(offsets, counts) {
            guard offset >= 0, offset + count <= data.count else { throw SupportError("TIFF strip out of range") }
            pixels += data[offset..<(offset + count)]
        }
        guard pixels.count >= width * height else { throw SupportError("TIFF has too few pixels") }
        let whiteIsZero = tags[262]?.first == 0  // tiffsep: 0 = no ink
        self.width = width
        self.height = height
        ink = pixels.prefix(width * height).map { whiteIsZero ? $0 : 255 - $0 }
    }
}

/// An 8-bit RGBA image read from a PNG by Cairo (colours un-premultiplied).
struct RGBAImage {
    var width: Int
    var height: Int
    var pixels: [UInt8]  // r, g, b, a

    init(png file: URL) throws {
        guard let surface = cairo_image_surface_create_from_png(file.path) else { throw SupportError("cairo: no surface") }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            throw SupportError(
                "cairo cannot read \(file.lastPathComponent): \(String(cString: cairo_status_to_string(cairo_surface_status(surface))))")
        }
        cairo_surface_flush(surface)
        width = Int(cairo_image_surface_get_width(surface))
        height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        let format = cairo_image_surface_get_format(surface)
        guard let data = cairo_image_surface_get_data(surface) else { throw SupportError("cairo: no pixel data") }
        pixels = [UInt8](repeating: 0, count: width * height * 4)
        for y in 0..<height {
            for x in 0..<width {
                // native-endian 0xAARRGGBB, premultiplied
                let v = UnsafeRawPointer(data).load(fromByteOffset: y * stride + x * 4, as: UInt32.self)
                let a = format == CAIRO_FORMAT_RGB24 ? 255 : Int(v >> 24)
                func channel(_ shift: UInt32) -> UInt8 {
                    let c = Int((v >> shift) & 0xFF)
                    return a == 0 ? 0 : UInt8(min(255, (c * 255 + a / 2) / a))
                }
                let i = (y * width + x) * 4
                pixels[i] = channel(16); pixels[i + 1] = channel(8); pixels[i + 2] = channel(0); pixels[i + 3] = UInt8(a)
            }
        }
    }

    func pixel(_ x: Int, _ y: Int) -> (r: Int, g: Int, b: Int, a: Int) {
        let i = (y * width + x) * 4
        return (Int(pixels[i]), Int(pixels[i + 1]), Int(pixels[i + 2]), Int(pixels[i + 3]))
    }

    /// The pixel at a point given in millimetres from the top-left, at `dpi`.
    func pixel(mm x: Double, _ y: Double, dpi: Double) -> (r: Int, g: Int, b: Int, a: Int) {
        pixel(Int(x * dpi / 25.4), Int(y * dpi / 25.4))
    }
}

/// An 8-bit RGB image from a binary PPM (P6), as Ghostscript and pdftoppm write them.
struct RGBImage {
    var width: Int
    var height: Int
    var pixels: [UInt8]

    init(ppm bytes: [UInt8]) throws {
        var i = 0
        func token() throws -> String {
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: "#") {
                    while i < bytes.count && bytes[i] != 0x0A { i += 1 }
                } else if [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) {
                    i += 1
                } else {
                    break
                }
            }
            let start = i
            while i < bytes.count && ![0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
            return String(decoding: bytes[start..<i], as: UTF8.self)
        }
        guard try token() == "P6", let w = Int(try token()), let h = Int(try token()), try token() == "255" else {
            throw SupportError("not an 8-bit binary PPM")
        }
        i += 1  // the single white-space byte before the samples
        guard bytes.count - i >= w * h * 3 else { throw SupportError("PPM too short") }
        width = w; height = h
        pixels = Array(bytes[i..<(i + w * h * 3)])
    }

    func rgb(_ x: Int, _ y: Int) -> (r: Int, g: Int, b: Int) {
        let i = (y * width + x) * 3
        return (Int(pixels[i]), Int(pixels[i + 1]), Int(pixels[i + 2]))
    }
}

// MARK: Directory files

/// One commune of a generated directory.
struct CommuneSpec {
    var name: String
    var kind = "xã"
    var phone: String
    var neighbours: [String] = []
    var quantity: Int? = 500
}

/// The YAML of a directory: district, communes, and outside units (name, phone).
func directoryYAML(
    district: String = "Thử", hotline: String = "0272 3800 000", communes: [CommuneSpec],
    outside: [(name: String, phone: String)] = []
) -> String {
    func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
    var out = "district:\n  name: \(quoted(district))\n  province: Long An\n  hotline: \(quoted(hotline))\ncommunes:\n"
    for c in communes {
        out += "  - name: \(quoted(c.name))\n    kind: \(c.kind)\n    phone: \(quoted(c.phone))\n"
        out += "    neighbours: [\(c.neighbours.map(quoted).joined(separator: ", "))]\n"
        if let q = c.quantity { out += "    quantity: \(q)\n" }
    }
    if !outside.isEmpty {
        out += "outside:\n"
        for o in outside { out += "  - {name: \(quoted(o.name)), district: Nơi Khác, kind: xã, phone: \(quoted(o.phone))}\n" }
    }
    return out
}

/// `count` communes with distinct Vietnamese names, each bordering the ones before and after it
/// and ten places away (both ways, so the directory loads without warnings).
func generatedCommunes(_ count: Int) -> [CommuneSpec] {
    let first = ["An", "Bình", "Hòa", "Long", "Mỹ", "Phú", "Phước", "Tân", "Thạnh", "Đông"]
    let second = ["Hưng", "Lợi", "Thuận", "Điền", "Khánh", "Lộc", "Quý", "Thới", "Vĩnh", "Xuân"]
    let third = ["", " Tây", " Bắc", " Nam", " Trung", " Thượng", " Hạ", " Nhất", " Nhì", " Ba"]
    precondition(count <= 1000)
    func name(_ i: Int) -> String { "\(first[i % 10]) \(second[(i / 10) % 10])\(third[i / 100])" }
    return (0..<count).map { i in
        CommuneSpec(
            name: name(i), phone: String(format: "0272 38%02d %03d", i % 100, i),
            neighbours: [i - 10, i - 1, i + 1, i + 10].filter { (0..<count).contains($0) }.map(name),
            quantity: 500 + i)
    }
}

/// `sha256sum` of files, as an independent check of the manifest.
func sha256sums(_ paths: [String], in folder: URL) throws -> [String: String] {
    guard !paths.isEmpty else { return [:] }
    var out: [String: String] = [:]
    for line in try Tools.output("sha256sum", ["--"] + paths, in: folder).split(separator: "\n") {
        let parts = line.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { continue }
        out[String(parts[1].drop(while: { $0 == " " || $0 == "*" }))] = String(parts[0])
    }
    return out
}

/// A thread-safe list, for progress reports that arrive on worker threads.
final class Collected<T>: @unchecked Sendable {
    private var items: [T] = []
    private let lock = NSLock()
    func append(_ item: T) { lock.lock(); items.append(item); lock.unlock() }
    var all: [T] { lock.lock(); defer { lock.unlock() }; return items }
}
