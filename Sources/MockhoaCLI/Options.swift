import ArgumentParser
import Foundation
import Mockhoa
import MockhoaCore
import MockhoaRender

/// Options every command shares: where the directory and the template come from.
struct InputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(L("cli.options.data")))
    var data: String?

    @Option(name: .long, help: ArgumentHelp(L("cli.options.template")))
    var template: String?

    func load() throws -> Inputs {
        do { return try Inputs(dataPath: data, template: template) } catch { throw Failure.input(error) }
    }
}

/// The paper and spacing of print sheets (`sheet`, `batch`).
struct PaperOptions: ParsableArguments {
    @Option(help: ArgumentHelp(L("cli.options.paper"))) var paper = "A4"
    @Flag(help: ArgumentHelp(L("cli.options.landscape"))) var landscape = false
    @Option(help: ArgumentHelp(L("cli.options.margin"))) var margin: Double = 10
    @Option(help: ArgumentHelp(L("cli.options.gap"))) var gap: Double = 3

    /// The sheet options; `copies` nil for as many as fit.
    func sheetOptions(copies: Int? = nil) throws -> SheetOptions {
        var sheet: Paper
        do { sheet = try Paper(parsing: paper) } catch { throw Failure.message("\(error)") }
        if landscape { sheet = sheet.landscape() }
        return SheetOptions(paper: sheet, margin: margin, gap: gap, copies: copies)
    }
}

/// The file format a command writes: `--format` if given, else `-o`'s extension, else the
/// command's default. A `--format` that contradicts a format extension (`-o x.pdf --format png`)
/// is refused; a name whose extension is no format (`proof.v2`) takes `--format` as it is.
func outputFormat<F: RawRepresentable<String> & CaseIterable>(_ format: F?, output: String?,
                                                              default fallback: F) throws -> F {
    let named = output.map { URL(fileURLWithPath: $0).pathExtension.lowercased() }.flatMap { $0.isEmpty ? nil : $0 }
    let formatNames = Set(RenderFormat.allCases.map(\.rawValue))
    let allowed = F.allCases.map(\.rawValue).joined(separator: ", ")
    if let format {
        if let named, formatNames.contains(named), named != format.rawValue {
            throw ValidationError("\"\(output!)\" is named .\(named) but --format is \(format.rawValue): make them agree")
        }
        return format
    }
    guard let named else { return fallback }
    if let format = F(rawValue: named) { return format }
    if formatNames.contains(named) { throw ValidationError("\"\(output!)\" names a .\(named) file, but this command writes only \(allowed)") }
    throw ValidationError("cannot tell the format of \"\(output!)\" from .\(named): give --format (\(allowed))")
}

extension RenderFormat: ExpressibleByArgument {}

extension ColourMode: ExpressibleByArgument {}

/// How PDFs are written for the maker (`preview` as PDF, `sheet`, `batch`): colours, PDF/X.
struct PressOptions: ParsableArguments {
    @Option(name: .customLong("colour"),
            help: "rgb (as drawn, for screens), cmyk (each colour exactly as the template's CMYK; white prints no ink) or spot (each colour as the template's named spot colour).")
    var mode: ColourMode = .rgb
    @Flag(help: "PDF/X-4 (with --colour cmyk): CMYK output intent, trim and bleed boxes, PDF/X metadata.") var pdfx = false
    @Option(help: "The print shop's CMYK output profile (ICC) for --pdfx. Default: Ghostscript's SWOP profile.") var icc: String?

    var settings: PressSettings { PressSettings(colour: mode, pdfx: pdfx, icc: icc) }

    /// Refuses settings that contradict each other, or press settings on a file that is not a PDF.
    func validate(writingPDF: Bool) throws {
        if let problem = settings.problem { throw ValidationError(problem) }
        if !writingPDF && settings != PressSettings() {
            throw ValidationError("--colour, --pdfx and --icc apply to PDF output; PNG and SVG are RGB")
        }
    }

    /// Checks the template's colours and the profile before anything is drawn.
    func check(_ inputs: Inputs) throws {
        do { _ = try inputs.pdfStep(settings, title: "", date: "2000-01-01", bleed: 0) } catch let error as InputErrors {
            throw Failure.input(error)
        } catch { throw Failure.message("\(error)") }
    }
}
