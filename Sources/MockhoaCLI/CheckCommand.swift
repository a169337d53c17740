import ArgumentParser
import Foundation
import Mockhoa
import MockhoaCore
import MockhoaRender

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate the directory and template and lay out every commune.")

    @OptionGroup var inputs: InputOptions

    func run() throws {
        try Failure.report {
            let inputs = try self.inputs.load()
            let report = KeychainRenderer(inputs: inputs).check()
            for d in report.diagnostics { printError(d.description) }
            guard !report.hasErrors else { throw ExitCode.failure }
            var summary = "ok: \(report.communes) communes, \(report.sides) side(s) each, every line fits"
            if let s = report.smallest {
                summary += String(format: "; smallest type %.1f pt (%@, %@)", s.points, s.commune, s.side)
            }
            print(summary)
        }
    }
}

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample", abstract: "Print the built-in sample directory (YAML) to start your own from.")

    func run() throws {
        print(DirectoryLoader.sampleYAML, terminator: "")
    }
}
