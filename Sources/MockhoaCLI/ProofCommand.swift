import ArgumentParser
import Foundation
import Mockhoa
import MockhoaCore
import MockhoaRender

struct ProofCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proof",
        abstract: L("cli.proof.abstract"))

    @OptionGroup var inputs: InputOptions
    @Option(help: ArgumentHelp(L("cli.commune"))) var commune: String
    @Option(name: .shortAndLong, help: ArgumentHelp(L("cli.proof.output"))) var output: String?

    func validate() throws {
        if try outputFormat(RenderFormat?.none, output: output, default: .pdf) != .pdf {
            throw ValidationError(L("cli.proof.notPDF"))
        }
    }

    func run() throws {
        try Failure.report {
            let inputs = try self.inputs.load()
            let commune = try Failure.input { () throws(InputErrors) in try inputs.commune(named: self.commune) }
            _ = try Failure.input { () throws(InputErrors) in try inputs.printColours(.spot) }
            let path = output ?? defaultOutput(inputs, commune, "proof.pdf")
            let bytes: [UInt8]
            do {
                bytes = try KeychainRenderer(inputs: inputs).proof(commune, date: try RenderDate.current(), language: .current)
            } catch let error as LayoutError {
                throw Failure.message(L("cli.communeProblem", commune.name, error.description))
            }
            try OutputFile.write(bytes, to: path)
            if path != "-" { try StandardOutput.print(path) }
        }
    }
}
