import Foundation
import Yams

/// Reads keychain templates: the built-in ones by name, or a YAML file by path.
public enum TemplateLoader {
    /// Names of the templates built into the binary; `default` first.
    public static let builtInNames = BuiltInTemplate.all.map(\.name)

    /// The default template, parsed once (a command may start on it before it reads its options).
    private static let defaultTemplate = Result { () throws(InputErrors) in
        try parse(
            yaml: String(decoding: PackageResources.default_yaml, as: UTF8.self), name: "default",
            file: "Templates/default.yaml (built in)")
    }

    /// `nameOrPath` is a built-in name (`default`) or the path of a template file;
    /// nil gives the default template.
    public static func load(_ nameOrPath: String? = nil) throws(InputErrors) -> KeychainTemplate {
        let spec = nameOrPath ?? "default"
        if spec == "default", !FileManager.default.fileExists(atPath: spec) { return try defaultTemplate.get() }
        if let builtIn = BuiltInTemplate.all.first(where: { $0.name == spec }), !FileManager.default.fileExists(atPath: spec) {
            return try parse(yaml: builtIn.yaml, name: spec, file: "Templates/\(spec).yaml (built in)")
        }
        let data: Data
        do { data = try InputFile.read(path: spec) } catch {
            if error == .notFound {
                throw InputErrors(
                    Message("template.notFound", spec, builtInNames.joined(separator: ", ")),
                    at: SourceLocation(file: spec))
            }
            throw InputErrors(Message("template.cannotRead", spec, error.message), at: SourceLocation(file: spec))
        }
        let url = URL(fileURLWithPath: spec)
        var template = try parse(yaml: InputText.decode(data, file: spec), name: url.deletingPathExtension().lastPathComponent, file: spec)
        template.folder = url.deletingLastPathComponent().path
        return template
    }

    /// Parses and validates template YAML; `file` names it in messages.
    public static func parse(yaml: String, name: String, file: String) throws(InputErrors) -> KeychainTemplate {
        let root = try TemplateFile.tree(yaml, file: file)
        let raw = try TemplateFile(tree: root, file: file)
        let (typos, lines) = walkKeys(in: root, file: file)
        let template: KeychainTemplate
        do { template = try raw.validated(name: raw.name ?? name, file: file, lines: lines) } catch {
            throw InputErrors(typos + error.diagnostics)
        }
        guard typos.isEmpty else { throw InputErrors(typos) }
        return template
    }

    /// The keys a template may use, by where they stand; anything else is a typo that would
    /// otherwise be ignored in silence.
    private static let keys: [String: Set<String>] = [
        "": [
            "name", "process", "mould", "size", "shape", "corner-radius", "outline", "bleed", "safe-margin", "hole", "border", "colours",
            "font",
            "line-spacing", "styles", "front", "back",
        ],
        "mould": ["letter-height", "raised-line", "recessed-line", "edge-clearance"],
        "size": ["width", "height"], "hole": ["diameter", "x", "y", "clearance"], "border": ["inset", "width"],
        "colours": ["background", "text", "border", "qr-tile", "qr-modules"], "colour": ["rgb", "cmyk", "spot"],
        "font": ["family", "weight", "minimum-size"], "style": ["scale", "max"],
        "element": [
            "text", "list", "qr", "image", "height", "style", "item", "heading", "heading-style", "columns", "size", "end",
            "quiet-zone", "keep-together",
        ],
    ]

    /// Unknown keys, each with its line and the closest known key; and the line of every field
    /// (`font.weight`, `front[2]`), for the messages of later checks.
    private static func walkKeys(in root: Node, file: String) -> (typos: [Diagnostic], lines: [String: Int]) {
        guard let top = root.mapping else { return ([], [:]) }
        var found: [Diagnostic] = [], lines: [String: Int] = [:]
        func check(_ mapping: Node.Mapping, against place: String, path: String) {
            let known = keys[place] ?? []
            for (key, _) in mapping {
                guard let name = key.string, name != "<<" else { continue }  // `<<`: a YAML merge key
                lines[path.isEmpty ? name : "\(path).\(name)"] = key.mark?.line
                guard !known.contains(name) else { continue }
                let message = Suggestions.didYouMean(Message("template.unknownKey", name), name, among: known.sorted())
                found.append(
                    Diagnostic(
                        message, at: SourceLocation(file: file, line: key.mark?.line),
                        field: path.isEmpty ? name : "\(path).\(name)"))
            }
        }
        check(top, against: "", path: "")
        for (key, value) in top {  // inside known sections only: a misspelt section is one error
            guard let name = key.string, keys[name] != nil || name == "styles", let mapping = value.mapping else { continue }
            if name == "styles" {
                for (style, body) in mapping {
                    if let m = body.mapping { check(m, against: "style", path: "styles.\(style.string ?? "")") }
                }
            } else {
                check(mapping, against: name, path: name)
            }
            if name == "colours" {
                for (colour, body) in mapping {
                    if let m = body.mapping { check(m, against: "colour", path: "colours.\(colour.string ?? "")") }
                }
            }
        }
        for side in ["front", "back"] {
            for (i, element) in (top[side]?.sequence ?? []).enumerated() {
                lines["\(side)[\(i + 1)]"] = element.mark?.line
                if let m = element.mapping { check(m, against: "element", path: "\(side)[\(i + 1)]") }
            }
        }
        return (found, lines)
    }
}
