import CCairo
import FuzzSupport
import MockhoaCore
import MockhoaRender

// The picture reader: any bytes as an SVG, PNG or JPEG file (the name agrees with what the bytes
// start with, so the content's reader is reached), drawn once onto a small surface if read.
@_cdecl("LLVMFuzzerTestOneInput")
func test(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let file = bytes(data, size)
    for name in ["fuzz.svg", "fuzz.png", "fuzz.jpg"] {
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
