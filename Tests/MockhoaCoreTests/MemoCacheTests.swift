import Testing
@testable import MockhoaCore

struct MemoCacheTests {
    struct Refused: Error {}

    @Test("a value is made once per key; a throw is not remembered; a full cache starts afresh")
    func madeOnceBoundedAndErrorsForgotten() throws {
        let cache = MemoCache<Int, String>(limit: 2)
        var made = 0
        func value(_ key: Int) -> String {
            cache.value(for: key) {
                made += 1; return "v\(key)"
            }
        }
        #expect(value(1) == "v1" && value(1) == "v1" && made == 1)
        #expect(throws: Refused.self) { try cache.value(for: 2) { () throws(Refused) -> String in throw Refused() } }
        #expect(value(2) == "v2" && made == 2, "the failed attempt left nothing behind")
        #expect(value(3) == "v3" && made == 3)  // the third key: the cache started afresh
        #expect(value(1) == "v1" && made == 4, "made again after the cache was emptied")
    }
}
