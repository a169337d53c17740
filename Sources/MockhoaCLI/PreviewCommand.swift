import ArgumentParser
import Foundation
import Mockhoa
import MockhoaCore
import MockhoaRender

struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview", abstract: L("cli.preview.abstract"))

    enum Side: String, ExpressibleByArgument, CaseIterable { case front, back, both }

    @OptionGroup var inputs: InputOptions
    @Option(help: ArgumentHelp(L("cli.commune"))) var commune: String
    @Option(help: ArgumentHelp(L("cli.preview.side"))) var side: Side = .both
    @Option(help: ArgumentHelp(L("cli.preview.format"))) var format: RenderFormat?
    @Option(help: ArgumentHelp(L("cli.preview.dpi"))) var dpi: Double = 300
    @OptionGroup var press: PressOptions
    @Option(name: .shortAndLong, help: ArgumentHelp(L("cli.preview.output"))) var output: String?

    func validate() throws {
        guard (36...2400).contains(dpi) else { throw ValidationError(L("cli.range", "--dpi", 36, 2400, "\(dpi)")) }
        try press.validate(writingPDF: try outputFormat(format, output: output, default: .png) == .pdf)
    }

    func run() throws {
        try Failure.report {
            let inputs = try self.inputs.load()
            let commune = try Failure.input { () throws(InputErrors) in try inputs.commune(named: self.commune) }
            let format = try outputFormat(self.format, output: output, default: RenderFormat.png)
            let path = output ?? defaultOutput(inputs, commune, "preview.\(format.rawValue)")
            let sides: [Int]? =
                switch side {
                case .front: [0];
                case .back: [1];
                case .both: nil
                }
            if side == .back && inputs.template.sides.count < 2 {
                throw Failure.message(L("cli.preview.oneSide", inputs.template.name))
            }
            if format == .pdf { try press.check(inputs) }
            let renderer = KeychainRenderer(inputs: inputs)
            let bytes: [UInt8]
            do {
                bytes = try renderer.preview(
                    commune, sides: sides, format: format, dpi: dpi, date: try RenderDate.current(),
                    press: press.settings)
            } catch let error as LayoutError {
                throw Failure.message(L("cli.communeProblem", commune.name, error.description))
            }
            try OutputFile.write(bytes, to: path)
            if path != "-" { try StandardOutput.print(path) }
        }
    }
}
