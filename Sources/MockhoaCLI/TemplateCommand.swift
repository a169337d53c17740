import ArgumentParser
import Foundation
import Mockhoa
import MockhoaCore

struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template", abstract: L("cli.template.abstract"))

    @Argument(help: ArgumentHelp(L("cli.template.arg"))) var name: String?

    func run() throws {
        try Failure.report {
            guard let template = BuiltInTemplate.named(name ?? "default") else {
                throw Failure.message(
                    L("template.unknown", name ?? "", TemplateLoader.builtInNames.joined(separator: ", ")))
            }
            try StandardOutput.write(Array(template.yaml.utf8))
        }
    }
}

struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates", abstract: L("cli.templates.abstract"))

    func run() throws {
        try Failure.report {
            let width = BuiltInTemplate.all.map(\.name.count).max() ?? 0
            for template in BuiltInTemplate.all {
                try StandardOutput.print(
                    template.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + template.summary)
            }
        }
    }
}
