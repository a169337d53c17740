import Foundation
import MockhoaCore
import Testing
import Yams
@testable import MockhoaServer

/// The page's side of the directory format against `DirectoryFormat`: the draft it sends and
/// receives (JSON), its reader and writer of the YAML file, the CSV of communes it writes,
/// `openapi.yaml` and the fields `app.js` makes a new commune, unit or number with.
@Suite struct DirectoryFormatPageTests {
    typealias Document = DirectoryDocument

    /// A draft with every field given.
    static let full: Document = {
        let entry = Document.Checkpoint(name: "Trạm Một", phone: "0276 3822 001", display: "0276.3822.001")
        let issuer = Document.Issuer(
            level: "province", name: "Tây Ninh", province: "Tây Ninh", kind: "tỉnh", police: "Công an tỉnh Tây Ninh",
            hotline: [Document.Number(phone: "0276 3822 000", display: "0276.3822.000")], emergency: "113",
            checkpoints: [entry], contacts: [entry], link: "https://example.vn")
        let commune = Document.Commune(
            name: "Phường Một", kind: "phường", phone: "0276 3822 011", display: "0276.3822.011", neighbours: ["Xã Xa"],
            checkpoints: [entry], contacts: [entry], link: "https://example.vn/p1", formerly: ["Phường Cũ"], quantity: "10")
        let outside = Document.Outside(
            name: "Xã Xa", district: "Long An", province: "Long An", kind: "xã", phone: "0272 3800 001", display: "0272.3800.001")
        return Document(form: .issuer, issuer: issuer, communes: [commune], outside: [outside], template: "my-design.yaml")
    }()

    static func keys(_ fields: [DirectoryFormat.Field]) -> [String] { DirectoryFormat.keys(fields) }

    static func keys(_ node: Node?) -> [String] { node?.mapping?.keys.compactMap(\.string) ?? [] }

    @Test func theWriterWritesEveryDescribedFieldInOrderAndTheReaderReadsItBack() throws {
        let text = Self.full.yaml().text
        let root = try #require(try Yams.compose(yaml: text))
        let issuer = root["issuer"], commune = root["communes"]?[0], outside = root["outside"]?[0]
        #expect(Self.keys(root) == Self.keys(DirectoryFormat.file).filter { $0 != "district" })
        #expect(Self.keys(issuer) == Self.keys(DirectoryFormat.issuer), "\(text)")
        #expect(Self.keys(commune) == Self.keys(DirectoryFormat.commune), "\(text)")
        #expect(Self.keys(outside) == Self.keys(DirectoryFormat.outside), "\(text)")
        for list in [issuer?["checkpoints"], issuer?["contacts"], commune?["checkpoints"], commune?["contacts"]] {
            #expect(Self.keys(list?[0]) == Self.keys(DirectoryFormat.entry), "\(text)")
        }
        #expect(Self.keys(issuer?["hotline"]?[0]) == Self.keys(DirectoryFormat.number), "\(text)")
        #expect(Document.read(yaml: text)?.document == Self.full)
    }

    /// The JSON of a draft, as a tree of dictionaries.
    static func json(_ document: Document) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(document)) as? [String: Any])
    }

    /// The object at `path` of `json`, the first item where a list is met.
    static func object(_ json: [String: Any], _ path: [String]) -> [String: Any] {
        path.reduce(json as Any?) { node, key in
            (node as? [String: Any])?[key].map { ($0 as? [Any])?.first ?? $0 }
        } as? [String: Any] ?? [:]
    }

    @Test func theDraftHasTheDescribedFields() throws {
        let json = try Self.json(Self.full)
        func keys(_ path: String...) -> Set<String> { Set(Self.object(json, path).keys) }
        #expect(Set(json.keys) == Set(["form"] + Self.keys(DirectoryFormat.file).filter { $0 != "district" }))
        #expect(keys("issuer") == Set(Self.keys(DirectoryFormat.issuer)))
        #expect(keys("communes") == Set(Self.keys(DirectoryFormat.commune)))
        #expect(keys("outside") == Set(Self.keys(DirectoryFormat.outside)))
        #expect(keys("issuer", "checkpoints") == Set(Self.keys(DirectoryFormat.entry)))
        #expect(keys("issuer", "hotline") == Set(Self.keys(DirectoryFormat.number)))
    }

    @Test func theCSVOfCommunesHoldsTheDescribedColumns() throws {
        var commune = Self.full.communes[0]
        commune.checkpoints = []  // a CSV file has no column for a commune's own checkpoints
        commune.contacts = commune.contacts.map { Document.Checkpoint(name: $0.name, phone: $0.phone) }
        let csv = try Document.csv(of: [commune], updating: CommuneCSV(columns: [], vietnamese: false))
        #expect(Set(csv.columns.compactMap { $0 }) == Set(DirectoryFormat.commune.compactMap(\.column)))
        let back = try CommuneCSV.read(csv.data(), file: "xa.csv")
        #expect(Document.communes(of: back) == [commune])
        #expect(DirectoryFormat.commune.filter { $0.column == nil }.map(\.key) == ["checkpoints"])
    }

    /// `openapi.yaml`'s schema of the draft: the properties of each part are the described fields,
    /// and those it requires are those the draft always has.
    @Test func theOpenAPISchemaHasTheDescribedFields() throws {
        let text = String(decoding: PackageResources.openapi_yaml, as: UTF8.self)
        let schemas = try #require(try Yams.compose(yaml: text)?["components"]?["schemas"])
        let document = try #require(schemas["Document"]?["properties"])
        #expect(Set(Self.keys(document)) == Set(["form"] + Self.keys(DirectoryFormat.file).filter { $0 != "district" }))
        let parts: [(Node?, [DirectoryFormat.Field], String)] = [
            (document["issuer"], DirectoryFormat.issuer, "issuer"),
            (document["communes"]?["items"], DirectoryFormat.commune, "communes"),
            (document["outside"]?["items"], DirectoryFormat.outside, "outside"),
            (schemas["Checkpoint"], DirectoryFormat.entry, "issuer.checkpoints"),
            (document["issuer"]?["properties"]?["hotline"]?["items"], DirectoryFormat.number, "issuer.hotline"),
        ]
        // A draft with nothing optional: the keys its JSON always has.
        var bare = Self.full
        bare.template = nil
        bare.issuer.kind = nil; bare.issuer.police = nil; bare.issuer.emergency = nil; bare.issuer.link = nil
        bare.issuer.hotline = [Document.Number(phone: "")]
        bare.issuer.checkpoints = [Document.Checkpoint(name: "", phone: "")]
        bare.communes = [Document.Commune(name: "", kind: "", phone: "", neighbours: [], checkpoints: [], quantity: nil)]
        bare.outside = [Document.Outside(name: "", district: nil, kind: "", phone: "")]
        let always = try Self.json(bare)
        #expect(Set(schemas["Document"]?["required"]?.sequence?.compactMap(\.string) ?? []) == Set(always.keys))
        for (schema, fields, path) in parts {
            let properties = Self.keys(schema?["properties"])
            #expect(Set(properties) == Set(Self.keys(fields)), "\(path): \(properties)")
            let required = Set(schema?["required"]?.sequence?.compactMap(\.string) ?? [])
            let present = Set(Self.object(always, path.split(separator: ".").map(String.init)).keys)
            #expect(required == present, "\(path): required \(required.sorted()), always present \(present.sorted())")
        }
    }

    /// The object `app.js` pushes onto `list` for a new item: its keys.
    static func newItemKeys(in script: String, pushedOnto list: String) -> Set<String>? {
        guard let start = script.range(of: "\(list).push({") else { return nil }
        var depth = 1, index = start.upperBound, literal = ""
        while depth > 0, index < script.endIndex {
            let c = script[index]
            if c == "{" { depth += 1 } else if c == "}" { depth -= 1 }
            if depth > 0 { literal.append(c) }
            index = script.index(after: index)
        }
        let pattern = try! Regex(#"(?:^|[,{])\s*([A-Za-z]+)\s*:"#)
        return Set(literal.matches(of: pattern).compactMap { $0.output[1].substring.map(String.init) })
    }

    @Test func thePageMakesNewItemsWithTheDescribedFields() throws {
        let script = String(decoding: PackageResources.app_js, as: UTF8.self)
        #expect(Self.newItemKeys(in: script, pushedOnto: "state.doc.communes") == Set(Self.keys(DirectoryFormat.commune)))
        #expect(Self.newItemKeys(in: script, pushedOnto: "state.doc.outside") == Set(Self.keys(DirectoryFormat.outside)))
        #expect(Self.newItemKeys(in: script, pushedOnto: "state.doc.issuer.checkpoints") == Set(Self.keys(DirectoryFormat.entry)))
        #expect(Self.newItemKeys(in: script, pushedOnto: "c.contacts") == Set(Self.keys(DirectoryFormat.entry)))
    }
}
