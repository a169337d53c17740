import Foundation

/// The templates built into the binary, by name: what `--template NAME` draws and what
/// `mockhoa template NAME` prints to start one's own design from.
public struct BuiltInTemplate: Sendable {
    /// The name to pass to `--template` or `mockhoa template`, e.g. `ward`.
    public let name: String
    /// The YAML text as shipped in Templates/, comments included.
    public let yaml: String

    /// Every built-in template, `default` first.
    public static let all: [BuiltInTemplate] = [
        BuiltInTemplate(name: "default", yaml: String(decoding: PackageResources.default_yaml, as: UTF8.self)),
        BuiltInTemplate(name: "ward", yaml: String(decoding: PackageResources.ward_yaml, as: UTF8.self)),
        BuiltInTemplate(name: "mould", yaml: String(decoding: PackageResources.mould_yaml, as: UTF8.self)),
        BuiltInTemplate(name: "round", yaml: String(decoding: PackageResources.round_yaml, as: UTF8.self)),
        BuiltInTemplate(name: "compact", yaml: String(decoding: PackageResources.compact_yaml, as: UTF8.self)),
        BuiltInTemplate(name: "slogan", yaml: String(decoding: PackageResources.slogan_yaml, as: UTF8.self)),
        BuiltInTemplate(name: "tricolour", yaml: String(decoding: PackageResources.tricolour_yaml, as: UTF8.self)),
    ]

    /// The template called `name` (case ignored), if there is one.
    public static func named(_ name: String) -> BuiltInTemplate? {
        all.first { $0.name == name.lowercased() }
    }

    /// One line on what it is: the file's first comment line.
    public var summary: String {
        let first = yaml.split(separator: "\n", maxSplits: 1).first ?? ""
        guard first.hasPrefix("#") else { return "" }
        return first.dropFirst().trimmingCharacters(in: .whitespaces)
    }
}
