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
        commandName: "sample", abstract: "Print a built-in sample directory (YAML) to start your own from.")

    @Argument(help: "Which sample (see `mockhoa samples`). Default: can-giuoc-2018.") var name: String?

    func run() throws {
        try Failure.report {
            guard let sample = BuiltInSample.named(name ?? BuiltInSample.default.name) else {
                throw Failure.message("no built-in sample \"\(name ?? "")\"; the samples are: "
                                      + BuiltInSample.all.map(\.name).joined(separator: ", "))
            }
            print(sample.yaml, terminator: "")
        }
    }
}

struct SamplesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "samples", abstract: "List the built-in sample directories and templates.")

    func run() throws {
        let width = BuiltInSample.all.map(\.name.count).max() ?? 0
        for sample in BuiltInSample.all {
            print(sample.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + sample.summary)
        }
        print("templates: " + TemplateLoader.builtInNames.joined(separator: ", "))
    }
}
