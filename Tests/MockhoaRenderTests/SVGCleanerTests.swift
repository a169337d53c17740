import Foundation
import MockhoaCore
import Testing

@testable import MockhoaRender

/// An SVG uploaded on the page is cleaned before it is kept: what drawing programs add and what a
/// picture may not hold goes, the drawing stays as it was, and what cleaning cannot make safe is
/// still refused.
struct SVGCleanerTests {
    /// A logo as Inkscape saves it, with what a keychain does not draw and a picture may not hold.
    static let saved = """
        <?xml version="1.0" encoding="UTF-8" standalone="no"?>
        <!-- Created with Inkscape (http://www.inkscape.org/) -->
        <!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
        <?xml-stylesheet href="style.css"?>
        <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
             xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
             xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
             width="200" height="100" viewBox="0 0 200 100" onload="steal()">
          <sodipodi:namedview pagecolor="#ffffff" inkscape:zoom="2"/>
          <metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>
          <script>steal()</script>
          <defs><path id="star" d="M100 10 L120 90 L80 90 Z"/></defs>
          <rect width="200" height="100" fill="#D71920" inkscape:label="field" onclick="steal()"/>
          <use xlink:href="#star" fill="#FFCD00"/>
          <image xlink:href="file:///etc/passwd" width="1" height="1"/>
          <text x="5" y="95" font-size="8" fill="#FFFFFF">Công an &amp; "dân"</text>
        </svg>
        """

    @Test func whatADrawingProgramAddsAndAPictureMayNotHoldGoes() throws {
        #expect(throws: PictureError.self) { try Picture.read(data: Data(Self.saved.utf8), name: "logo.svg") }
        let cleaned = try SVGCleaner.cleaned(Data(Self.saved.utf8))
        let text = String(decoding: cleaned, as: UTF8.self)
        for gone in ["DOCTYPE", "Inkscape", "inkscape", "sodipodi", "stylesheet", "<metadata", "rdf", "<script", "steal", "file:"] {
            #expect(!text.contains(gone), "\(gone) is left in:\n\(text)")
        }
        // The drawing is as it was: its size, its colours, its reference within the file, its text.
        let picture = try Picture.read(data: cleaned, name: "logo.svg")
        #expect(picture.intrinsicSize.width == 200 && picture.intrinsicSize.height == 100)
        let original = try Picture.read(data: Self.drawingOnly, name: "logo.svg")
        #expect(picture.colours == original.colours)
        #expect(text.contains(##"xlink:href="#star""##))
        #expect(text.contains("Công an &amp; \"dân\""))
    }

    /// The same drawing as `saved`, written by hand with nothing to clean.
    static let drawingOnly = Data(
        """
        <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="100" viewBox="0 0 200 100">
          <defs><path id="star" d="M100 10 L120 90 L80 90 Z"/></defs>
          <rect width="200" height="100" fill="#D71920"/>
          <use xlink:href="#star" fill="#FFCD00"/>
          <image width="1" height="1"/>
          <text x="5" y="95" font-size="8" fill="#FFFFFF">Công an</text>
        </svg>
        """.utf8)

    @Test func whatCleaningCannotMakeSafeIsStillRefused() throws {
        // Entities are declared: refused unread, not expanded.
        #expect(throws: PictureError.Reason.documentType) {
            try SVGCleaner.cleaned(Data(#"<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>"#.utf8))
        }
        // Not UTF-8, and not XML.
        #expect(throws: PictureError.Reason.self) { try SVGCleaner.cleaned(Data([0xFF, 0xFE, 0x3C, 0x00])) }
        #expect(throws: PictureError.Reason.self) { try SVGCleaner.cleaned(Data("<svg><g></svg>".utf8)) }
        // A style sheet that imports is left to the picture reader, which refuses it.
        let imports = try SVGCleaner.cleaned(
            Data(#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><style>@import url(x.css);</style></svg>"#.utf8))
        #expect(throws: PictureError.self) { try Picture.read(data: imports, name: "x.svg") }
    }
}
