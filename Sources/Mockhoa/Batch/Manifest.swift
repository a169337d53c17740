import Foundation
import MockhoaCore

/// `manifest.json`: what a batch made for each commune, with checksums, and the hash of the
/// inputs each commune's files came from (how a re-run knows what it may skip).
/// It holds no timestamps, so the same input gives the same bytes.
public struct Manifest: Codable, Equatable, Sendable {
    public var tool = "mockhoa"
    public var version = MockhoaVersion.current
    public var district: String
    public var districtSlug: String
    public var template: String
    public var paper: String
    /// The language of the overview and the order sheet (`vi`, `en`).
    public var language: String?
    public var formats: [String]
    public var communes: [Entry]
    public var overview: FileEntry?
    /// `order.csv`, the order sheet (also the overview's last page).
    public var order: FileEntry?
    public var totals: Totals

    /// One commune: its files and what was said about it.
    public struct Entry: Codable, Equatable, Sendable {
        public var name: String
        public var slug: String
        public var quantity: Int?
        public var copiesPerSheet: Int?
        public var sheetsNeeded: Int?
        public var inputHash: String
        public var files: [FileEntry]
        public var warnings: [String]
        public var errors: [String]
    }

    /// A file written, with its size and SHA-256.
    public struct FileEntry: Codable, Equatable, Sendable {
        /// Relative to the district's folder.
        public var path: String
        public var bytes: Int
        public var sha256: String
    }

    /// Sums over the communes recorded.
    public struct Totals: Codable, Equatable, Sendable {
        public var communes: Int
        public var failed: Int
        public var pieces: Int
        public var sheets: Int
    }

    static func read(from url: URL) -> Manifest? {
        guard let data = try? InputFile.read(path: url.path) else { return nil }
        return try? JSONDecoder().decode(Manifest.self, from: data)
    }

    func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(self)) ?? Data()) + [0x0A]
    }
}

/// The program's version: part of every input hash, so a new version renders everything anew.
public enum MockhoaVersion {
    /// Semantic version of mockhoa.
    public static let current = "0.2.0"
}
