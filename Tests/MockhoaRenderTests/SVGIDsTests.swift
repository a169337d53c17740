import Testing
@testable import MockhoaRender

@Suite struct SVGIDsTests {
    /// Cairo's process-wide counters in ids become numbers in order of appearance, per name;
    /// a name with no number after it, and everything else, stays as it was.
    @Test func idsAreNumberedInOrderOfAppearance() {
        let svg =
            ##"<g id="surface17"><use xlink:href="#surface17"/></g><g id="surface3"/>"##
            + ##"<image id="image42" href="#image42"/><image id="image7"/> surface image surface3 ẩn 9"##
        let want =
            ##"<g id="surface1"><use xlink:href="#surface1"/></g><g id="surface2"/>"##
            + ##"<image id="image1" href="#image1"/><image id="image2"/> surface image surface2 ẩn 9"##
        #expect(String(decoding: CairoDocument.renumberingSurfaceIDs(Array(svg.utf8)), as: UTF8.self) == want)
        let tail = "x surface99"
        #expect(String(decoding: CairoDocument.renumberingSurfaceIDs(Array(tail.utf8)), as: UTF8.self) == "x surface1")
    }
}
