import Testing
import Yams
@testable import MockhoaCore

/// mockhoa composes YAML without Yams' regular-expression resolver and tells nulls, booleans
/// and merge keys itself: what it tells must be what the default resolver says.
struct YAMLDocumentTests {
    static let document = """
        a: ~
        b: null
        c:
        d: "null"
        e: 'true'
        f: [yes, No, TRUE, off, On, y, n, truee, 0, 1.5, 0272 3800 000, Đắk R'Lấp, "", NULL, Null, nULL]
        g: !!str yes
        base: &base {keepTogether: yes, size: 7}
        h:
          <<: *base
          size: 8
        "<<": quoted key
        """

    /// Every scalar in document order with its tag, keys included.
    static func scalars(_ node: Node) -> [(String, String)] {
        switch node {
        case .scalar(let s): [(s.string, node.tag.description)]
        case .mapping(let m): m.flatMap { scalars($0.key) + scalars($0.value) }
        case .sequence(let s): s.flatMap(scalars)
        case .alias: []
        }
    }

    @Test("nulls and booleans are tagged as Yams' default resolver tags them; everything else is text")
    func tagsAsTheDefaultResolver() throws {
        var log = LoadLog()
        let ours = try #require(YAMLDocument.compose(Self.document, file: "t.yaml", log: &log))
        let theirs = try #require(try Yams.compose(yaml: Self.document))
        let (mine, reference) = (Self.scalars(ours), Self.scalars(theirs))
        #expect(mine.map(\.0) == reference.map(\.0))
        for ((text, tag), (_, expected)) in zip(mine, reference) {
            let told = [Tag.Name.null.rawValue, Tag.Name.bool.rawValue, Tag.Name.merge.rawValue]
            #expect(tag == (told.contains(expected) ? expected : Tag.Name.str.rawValue), "\(text)")
        }
        #expect(ours["a"]?.isNull == true && ours["c"]?.isNull == true && ours["d"]?.isNull == false)
    }

    @Test("a merge key and a boolean decode as with Yams' own parser")
    func mergeKeysAndBooleansDecode() throws {
        struct Style: Decodable, Equatable { var keepTogether: Bool?; var size: Int }
        var log = LoadLog()
        let ours = try #require(YAMLDocument.compose(Self.document, file: "t.yaml", log: &log))
        let h = try YAMLDecoder().decode(Style.self, from: try #require(ours["h"]))
        #expect(h == Style(keepTogether: true, size: 8))
        // A quoted 'true' is text, as for Yams; a plain yes is a boolean.
        #expect(throws: DecodingError.self) { try YAMLDecoder().decode(Bool.self, from: try #require(ours["e"])) }
        let words = try #require(ours["f"]?.sequence).prefix(5)
        #expect(try words.map { try YAMLDecoder().decode(Bool.self, from: $0) } == [true, false, true, false, true])
    }
}
