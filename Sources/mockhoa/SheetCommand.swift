import ArgumentParser
import Foundation
import Mockhoa
import MockhoaCore
import MockhoaRender

struct SheetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sheet",
        abstract: "A print sheet of one commune: as many keychains as fit, bleed, crop marks, CutContour line, duplex backs.")

    @OptionGroup var inputs: InputOptions
    @Option(help: "The commune: its name (case and diacritics optional) or slug.") var commune: String
    @Option(help: "A4, A3, A5, letter, or WxHmm (e.g. 320x450mm).") var paper = "A4"
    @Flag(help: "Turn the paper to landscape.") var landscape = false
    @Option(help: "Paper edge to the nearest keychain edge, mm.") var margin: Double = 10
    @Option(help: "Space between two keychains' outlines, mm (at least the bleed).") var gap: Double = 3
    @Option(help: "Copies per sheet. Default: as many as fit.") var copies: Int?
    @Flag(help: "Leave out crop marks.") var noCropMarks = false
    @Flag(help: "Leave out the CutContour cut line.") var noCutLine = false
    @Option(help: "pdf, or png for a raster proof of the fronts. Default: from -o's extension, else pdf.") var format: RenderFormat?
    @Option(help: "Resolution of a PNG proof.") var dpi: Double = 150
    @Option(name: .shortAndLong, help: "Output file. Default: Output/<district>/<commune>/sheet.<format>.") var output: String?

    func validate() throws {
        if format == .svg { throw ValidationError("sheets are PDF (for the press) or PNG (a proof), not SVG") }
        guard (36...1200).contains(dpi) else { throw ValidationError("--dpi must be 36 to 1200, not \(dpi)") }
        if let copies, copies < 1 { throw ValidationError("--copies must be at least 1, not \(copies)") }
        if format == nil, let output, !["pdf", "png"].contains(URL(fileURLWithPath: output).pathExtension.lowercased()) {
            throw ValidationError("cannot tell the format of \"\(output)\": name it .pdf or .png, or give --format")
        }
    }

    func run() throws {
        try Failure.report {
            let inputs = try self.inputs.load()
            let commune = try Failure.input { () throws(InputErrors) in try inputs.commune(named: self.commune) }
            var paper: Paper
            do { paper = try Paper(parsing: self.paper) } catch { throw Failure.message("\(error)") }
            if landscape { paper = paper.landscape() }
            let settings = SheetSettings(options: SheetOptions(paper: paper, margin: margin, gap: gap, copies: copies),
                                         cropMarks: !noCropMarks, cutLine: !noCutLine)
            let format = self.format ?? output.flatMap { RenderFormat(rawValue: URL(fileURLWithPath: $0).pathExtension.lowercased()) } ?? .pdf
            let path = output ?? "Output/\(inputs.directory.district.name.slug)/\(commune.name.slug)/sheet.\(format.rawValue)"
            let sheet: RenderedSheet
            do {
                sheet = try KeychainRenderer(inputs: inputs).sheet(commune, settings: settings, format: format, dpi: dpi,
                                                                   date: RenderDate.current())
            } catch let error as LayoutError {
                throw Failure.message("commune \"\(commune.name)\": \(error)")
            } catch let error as ImpositionError {
                throw Failure.message("\(error)")
            }
            try OutputFile.write(sheet.bytes, to: path)
            var summary = "\(path): \(sheet.copies)-up on \(paper.name)"
            if let needed = sheet.sheetsNeeded, let quantity = commune.quantity {
                summary += ", \(quantity) pcs → \(needed) sheet\(needed == 1 ? "" : "s")"
            }
            print(summary)
        }
    }
}
