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

/// Where a command writes `file` of `commune` when `-o` is not given:
/// `Output/<issuer>/<commune>/<file>`, with the slugs every command uses.
func defaultOutput(_ inputs: Inputs, _ commune: Commune, _ file: String) -> String {
    "Output/\(inputs.directory.issuerSlug)/\(inputs.directory.slug(of: commune))/\(file)"
}

/// The file format a command writes: `--format` if given, else `-o`'s extension, else the
/// command's default. A `--format` that contradicts a format extension (`-o x.pdf --format png`)
/// is refused; a name whose extension is no format (`proof.v2`) takes `--format` as it is.
func outputFormat<F: RawRepresentable<String> & CaseIterable>(
    _ format: F?, output: String?,
    default fallback: F
) throws -> F {
    let named = output.map { URL(fileURLWithPath: $0).pathExtension.lowercased() }.flatMap { $0.isEmpty ? nil : $0 }
    let formatNames = Set(RenderFormat.allCases.map(\.rawValue))
    let allowed = F.allCases.map(\.rawValue).joined(separator: ", ")
    if let format {
        if let named, formatNames.contains(named), named != format.rawValue {
            throw ValidationError(L("cli.formatDisagrees", output!, named, format.rawValue))
        }
        return format
    }
    guard let named else { return fallback }
    if let format = F(rawValue: named) { return format }
    if formatNames.contains(named) { throw ValidationError(L("cli.formatNotWritten", output!, named, allowed)) }
    throw ValidationError(L("cli.formatUnknown", output!, named, allowed))
}

extension RenderFormat: ExpressibleByArgument {}

extension ColourMode: ExpressibleByArgument {}

/// How PDFs are written for the maker (`preview` as PDF, `sheet`, `batch`): colours, PDF/X.
struct PressOptions: ParsableArguments {
    @Option(
        name: .customLong("colour"),
        help: ArgumentHelp(L("cli.press.colour")))
    var mode: ColourMode = .rgb
    @Flag(help: ArgumentHelp(L("cli.press.pdfx"))) var pdfx = false
    @Option(help: ArgumentHelp(L("cli.press.icc"))) var icc: String?

    var settings: PressSettings { PressSettings(colour: mode, pdfx: pdfx, icc: icc) }

    /// Refuses settings that contradict each other, or press settings on a file that is not a PDF.
    func validate(writingPDF: Bool) throws {
        if let problem = settings.problem { throw ValidationError(problem.description) }
        if !writingPDF && settings != PressSettings() {
            throw ValidationError(L("cli.pressNotPDF"))
        }
    }

    /// Checks the template's colours and the profile before anything is drawn.
    func check(_ inputs: Inputs) throws {
        do { _ = try inputs.pdfStep(settings, title: "", date: "2000-01-01", bleed: 0) } catch let error as InputErrors {
            throw Failure.input(error)
        } catch { throw Failure.message("\(error)") }
    }
}
