import Foundation

/// The directories built into the binary, by name: a start for one's own file and what every
/// command uses when given no `--data`. Their phone numbers are fictional.
public struct BuiltInSample: Sendable {
    /// The name to pass to `--data` or `mockhoa sample`, e.g. `tay-ninh-2025`.
    public let name: String
    /// One line on what it is.
    public let summary: Message
    /// The YAML text, comments included.
    public let yaml: String

    /// The one used when no `--data` is given: Cần Giuộc district, 2018, the original campaign.
    public static let `default` = BuiltInSample(
        name: "can-giuoc-2018", summary: Message("sample.canGiuoc2018"),
        yaml: String(decoding: PackageResources.can_giuoc_2018_yaml, as: UTF8.self))

    /// Every built-in sample, the default first.
    public static let all: [BuiltInSample] = [
        .default,
        BuiltInSample(
            name: "tay-ninh-2025",
            summary: Message("sample.tayNinh2025"),
            yaml: String(decoding: PackageResources.tay_ninh_2025_yaml, as: UTF8.self)),
        BuiltInSample(
            name: "phu-xuan-2025",
            summary: Message("sample.phuXuan2025"),
            yaml: String(decoding: PackageResources.phu_xuan_2025_yaml, as: UTF8.self)),
    ]

    /// The sample called `name` (case ignored), if there is one.
    public static func named(_ name: String) -> BuiltInSample? {
        all.first { $0.name == name.lowercased() }
    }

    /// The source name in messages: "built-in sample" for the default, "built-in sample NAME" else.
    public var source: String {
        name == Self.default.name ? DirectoryLoader.sampleSource : "\(DirectoryLoader.sampleSource) \(name)"
    }

    /// The sample, loaded and checked like any file.
    public func load() -> LoadedDirectory {
        do {
            return try DirectoryLoader.load(yaml: yaml, path: source)
        } catch {
            preconditionFailure("the built-in sample \(name) does not load:\n\(error)")
        }
    }
}
