import CCairo
import FuzzSupport
import MockhoaCore
import MockhoaRender

// The picture reader: any bytes as an SVG, PNG or JPEG file (the name agrees with what the bytes
// start with, so the content's reader is reached), drawn once onto a small surface if read; and
// the same bytes as an SVG uploaded on the page, cleaned first (`SVGCleaner`) and then read.
@_cdecl("LLVMFuzzerTestOneInput")
func test(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let file = bytes(data, size)
    let cleaned = try? SVGCleaner.cleaned(file)
    let inputs = [(file, "fuzz.svg"), (file, "fuzz.png"), (file, "fuzz.jpg")] + (cleaned.map { [($0, "cleaned.svg")] } ?? [])
    for (file, name) in inputs {
        guard let picture = try? Picture.read(data: file, name: name) else { continue }
        _ = picture.colours.problems(declared: [], file: name)
        _ = picture.resolutionWarning(atHeightMillimetres: 10)
        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 64, 64)
        let cr = cairo_create(surface)
        try? picture.draw(into: cr!, in: Rect(x: 0, y: 0, width: 64, height: 64))
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }
    return 0
}

fuzz(test)
