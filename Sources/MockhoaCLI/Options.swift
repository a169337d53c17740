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
