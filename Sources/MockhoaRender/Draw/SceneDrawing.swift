import CCairo
import Foundation
import MockhoaCore

/// Draws scenes with Cairo. The caller sets up `cr` so that user space is millimetres with
/// the origin at the scene's trim box corner.
struct SceneDrawing {
    let text: TextEngine
    /// Text as filled glyph outlines rather than text (mould proofs: no fonts in the file).
    var textAsOutlines = false

    func draw(_ scene: Scene, on cr: OpaquePointer) throws {
        for item in scene.items {
            switch item {
            case .fill(let paths, let color):
                for path in paths { add(path, to: cr) }
                fillEvenOdd(color, cr)
            case .rect(let r, let color):
                cairo_rectangle(cr, r.minX, r.minY, r.width, r.height)
                setColor(color, cr)
                cairo_fill(cr)
            case .qr(let code, let rect, let color) where cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_SVG:
                // Cairo 1.16's SVG output misplaces a mask drawn under a transformation: rectangles there.
                addModules(code, in: rect, to: cr)
                setColor(color, cr)
                cairo_fill(cr)
            case .qr(let code, let rect, let color):
                drawModules(code, in: rect, color: color, on: cr)
            case .text(let run):
                text.draw(run, on: cr, asOutlines: textAsOutlines)
            case .picture(let path, let rect):
                try PictureLibrary.shared.picture(atPath: path).draw(into: cr, in: rect)
            }
        }
    }

    /// The scene drawn once into a recording surface covering its art box (`cut`: as the
    /// finished piece, see `drawCut`), in units of `unitsPerMillimetre` (the target's device
    /// units: see `paint`). Painting it many times costs little, and a PDF holds it once, as a
    /// form. The caller destroys it.
    func recording(of scene: Scene, cut: Bool = false, unitsPerMillimetre scale: Double = 1) throws -> OpaquePointer {
        let box = scene.artBox
        var extents = cairo_rectangle_t(x: box.minX * scale, y: box.minY * scale, width: box.width * scale, height: box.height * scale)
        let surface = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extents)!
        let cr = cairo_create(surface)!
        cairo_scale(cr, scale, scale)
        do {
            if cut { try drawCut(scene, on: cr) } else { try draw(scene, on: cr) }
        } catch {
            cairo_destroy(cr)
            cairo_surface_destroy(surface)
            throw error
        }
        let status = cairo_status(cr)
        cairo_destroy(cr)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw RenderFailure(cairo: status)
        }
        return surface
    }

    /// Draws the finished piece: the scene cut to its outline, less its hole, without bleed.
    func drawCut(_ scene: Scene, on cr: OpaquePointer) throws {
        cairo_save(cr)
        for outline in scene.cutOutlines { add(outline, to: cr) }
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD)
        cairo_clip(cr)
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING)
        defer { cairo_restore(cr) }
        try draw(scene, on: cr)
    }

    /// A one-line black label (slug lines, captions, dimensions).
    func label(_ label: Frame.Label, on cr: OpaquePointer) {
        let run = TextRun(
            text: label.text, font: label.font, size: label.points / pointsPerMillimetre, origin: .zero, color: .black,
            inkBounds: Rect(origin: .zero, size: Size(width: 0, height: 0)))
        cairo_save(cr)
        cairo_translate(cr, label.origin.x, label.origin.y)
        if label.upright { cairo_rotate(cr, -.pi / 2) }
        text.draw(run, on: cr, asOutlines: textAsOutlines)
        cairo_restore(cr)
    }

    /// Paints `recording`, made with `unitsPerMillimetre` `scale`, placed by `t` on `cr`, whose
    /// user space is millimetres at that scale. Where `t` only moves the piece (copies on a
    /// sheet, fronts and mirrored backs alike), Cairo replays the recording without a
    /// transformation: it then keeps the recording's fonts instead of making a scaled font for
    /// every line at every replay, each under a lock that all threads share.
    func paint(_ recording: OpaquePointer, placedBy t: AffineMatrix, unitsPerMillimetre scale: Double, on cr: OpaquePointer) {
        cairo_save(cr)
        transform(cr, by: t)
        cairo_scale(cr, 1 / scale, 1 / scale)
        cairo_set_source_surface(cr, recording, 0, 0)
        cairo_paint(cr)
        cairo_restore(cr)
    }

    /// Applies `t` to the current transformation.
    func transform(_ cr: OpaquePointer, by t: AffineMatrix) {
        var m = cairo_matrix_t(xx: t.a, yx: t.b, xy: t.c, yy: t.d, x0: t.tx, y0: t.ty)
        cairo_transform(cr, &m)
    }

    /// Strokes marks in their screen colours, in order; a run of strokes in the same ink and
    /// width is one path.
    func stroke(_ strokes: [(path: Path, ink: MarkInk, widthPoints: Double)], on cr: OpaquePointer) {
        for (index, stroke) in strokes.enumerated() {
            add(stroke.path, to: cr)
            if let next = strokes.dropFirst(index + 1).first, next.ink == stroke.ink, next.widthPoints == stroke.widthPoints { continue }
            setColor(stroke.ink.screenColour, cr)
            cairo_set_line_width(cr, stroke.widthPoints / pointsPerMillimetre)
            cairo_stroke(cr)
        }
    }

    func add(_ path: Path, to cr: OpaquePointer) {
        for element in path.elements {
            switch element {
            case .move(let p): cairo_move_to(cr, p.x, p.y)
            case .line(let p): cairo_line_to(cr, p.x, p.y)
            case .curve(let a, let b, let p): cairo_curve_to(cr, a.x, a.y, b.x, b.y, p.x, p.y)
            case .close: cairo_close_path(cr)
            }
        }
    }

    private func setColor(_ c: Color, _ cr: OpaquePointer) { cairo_set_source_rgb(cr, c.red, c.green, c.blue) }

    private func fillEvenOdd(_ color: Color, _ cr: OpaquePointer) {
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD)
        setColor(color, cr)
        cairo_fill(cr)
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING)
    }

    /// The dark modules as a 1-bit image, one pixel per module, painted through as a stencil
    /// mask with no smoothing: module edges stay sharp at any scale, and a PDF holds one small
    /// `/ImageMask` instead of hundreds of rectangles written number by number.
    private func drawModules(_ code: QRCode, in rect: Rect, color: Color, on cr: OpaquePointer) {
        let n = Int32(code.size)
        guard n > 0, let image = cairo_image_surface_create(CAIRO_FORMAT_A1, n, n),
            cairo_surface_status(image) == CAIRO_STATUS_SUCCESS
        else { return }
        defer { cairo_surface_destroy(image) }
        cairo_surface_flush(image)
        let stride = Int(cairo_image_surface_get_stride(image))
        let pixels = cairo_image_surface_get_data(image)!
        for row in 0..<code.size {
            // A1 packs 32 pixels into a native-endian word, the first pixel in the low bit on
            // little-endian machines and the high bit on big-endian ones.
            let words = UnsafeMutableRawPointer(pixels + row * stride).assumingMemoryBound(to: UInt32.self)
            for column in 0..<code.size where code.isDark(row: row, column: column) {
                #if _endian(big)
                    words[column / 32] |= UInt32(0x8000_0000) >> UInt32(column % 32)
                #else
                    words[column / 32] |= UInt32(1) << UInt32(column % 32)
                #endif
            }
        }
        cairo_surface_mark_dirty(image)
        let module = rect.width / Double(code.size)
        cairo_save(cr)
        cairo_translate(cr, rect.minX, rect.minY)
        cairo_scale(cr, module, module)
        setColor(color, cr)
        let pattern = cairo_pattern_create_for_surface(image)
        cairo_pattern_set_filter(pattern, CAIRO_FILTER_NEAREST)
        cairo_mask(cr, pattern)
        cairo_pattern_destroy(pattern)
        cairo_restore(cr)
    }

    /// One rectangle per horizontal run of dark modules: fewer, larger shapes, no hairline seams.
    private func addModules(_ code: QRCode, in rect: Rect, to cr: OpaquePointer) {
        let m = rect.width / Double(code.size)
        for row in 0..<code.size {
            var column = 0
            while column < code.size {
                guard code.isDark(row: row, column: column) else { column += 1; continue }
                let start = column
                while column < code.size && code.isDark(row: row, column: column) { column += 1 }
                cairo_rectangle(
                    cr, rect.minX + Double(start) * m, rect.minY + Double(row) * m,
                    Double(column - start) * m, m)
            }
        }
    }
}
