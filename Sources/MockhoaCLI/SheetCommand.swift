import ArgumentParser
import Foundation
import Mockhoa
import MockhoaCore
import MockhoaRender

struct SheetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sheet",
        abstract: L("cli.sheet.abstract"))

    @OptionGroup var inputs: InputOptions
    @Option(help: ArgumentHelp(L("cli.commune"))) var commune: String
    @OptionGroup var paper: PaperOptions
    @Option(help: ArgumentHelp(L("cli.sheet.copies"))) var copies: Int?
    @Flag(help: ArgumentHelp(L("cli.sheet.noCropMarks"))) var noCropMarks = false
    @Flag(help: ArgumentHelp(L("cli.sheet.noCutLine"))) var noCutLine = false
    @OptionGroup var press: PressOptions
    @Option(help: ArgumentHelp(L("cli.sheet.format"))) var format: SheetFormat?

    /// Sheets are PDF for the press or a PNG proof.
    enum SheetFormat: String, ExpressibleByArgument, CaseIterable {
        case pdf, png
        var render: RenderFormat { self == .pdf ? .pdf : .png }
    }
    @Option(help: ArgumentHelp(L("cli.sheet.dpi"))) var dpi: Double = 150
    @Option(name: .shortAndLong, help: ArgumentHelp(L("cli.sheet.output"))) var output: String?

    func validate() throws {
        guard (36...1200).contains(dpi) else { throw ValidationError(L("cli.range", "--dpi", 36, 1200, "\(dpi)")) }
        if let copies, copies < 1 { throw ValidationError(L("cli.atLeastOne", "--copies", copies)) }
        try press.validate(writingPDF: try outputFormat(format, output: output, default: .pdf) == .pdf)
    }

    func run() throws {
        try Failure.report {
            let inputs = try self.inputs.load()
            let commune = try Failure.input { () throws(InputErrors) in try inputs.commune(named: self.commune) }
            let options = try paper.sheetOptions(copies: copies)
            let settings = SheetSettings(options: options, cropMarks: !noCropMarks, cutLine: !noCutLine, press: press.settings)
            let format = try outputFormat(self.format, output: output, default: SheetFormat.pdf).render
            if format == .pdf { try press.check(inputs) }
            let path = output ?? defaultOutput(inputs, commune, "sheet.\(format.rawValue)")
            let sheet: RenderedSheet
            do {
                sheet = try KeychainRenderer(inputs: inputs).sheet(
                    commune, settings: settings, format: format, dpi: dpi,
                    date: try RenderDate.current())
            } catch let error as LayoutError {
                throw Failure.message(L("cli.communeProblem", commune.name, error.description))
            } catch let error as ImpositionError {
                throw Failure.message("\(error)")
            }
            try OutputFile.write(sheet.bytes, to: path)
            let summary =
                if let needed = sheet.sheetsNeeded, let quantity = commune.quantity {
                    L("sheet.summaryPieces", path, sheet.copies, options.paper.name, quantity, needed)
                } else {
                    L("sheet.summary", path, sheet.copies, options.paper.name)
                }
            // With the sheet itself on standard output, the summary goes to standard error.
            if path == "-" { printError(summary) } else { try StandardOutput.print(summary) }
        }
    }
}
