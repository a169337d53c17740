import ArgumentParser
import Foundation
import Mockhoa
import MockhoaCore
import MockhoaRender

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: L("cli.check.abstract"))

    @OptionGroup var inputs: InputOptions

    func run() throws {
        try Failure.report {
            let inputs = try self.inputs.load()
            let report = KeychainRenderer(inputs: inputs).check()
            for d in report.diagnostics { printError(d.description) }
            guard !report.hasErrors else { throw ExitCode.failure }
            var summary = L("check.ok", report.communes, report.sides)
            if let s = report.smallest {
                summary += L("check.smallest", String(format: "%.1f", s.points), s.commune, s.side)
            }
            try StandardOutput.print(summary)
        }
    }
}

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample", abstract: L("cli.sample.abstract"))

    @Argument(help: ArgumentHelp(L("cli.sample.arg"))) var name: String?

    func run() throws {
        try Failure.report {
            guard let sample = BuiltInSample.named(name ?? BuiltInSample.default.name) else {
                throw Failure.message(L("sample.unknown", name ?? "", BuiltInSample.all.map(\.name).joined(separator: ", ")))
            }
            try StandardOutput.write(Array(sample.yaml.utf8))
        }
    }
}

struct SamplesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "samples", abstract: L("cli.samples.abstract"))

    func run() throws {
        try Failure.report {
            let width = BuiltInSample.all.map(\.name.count).max() ?? 0
            for sample in BuiltInSample.all {
                try StandardOutput.print(
                    sample.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + sample.summary.description)
            }
            try StandardOutput.print(L("samples.templates", TemplateLoader.builtInNames.joined(separator: ", ")))
        }
    }
}
