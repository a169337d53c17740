import ArgumentParser
import Foundation
import Mockhoa
import MockhoaCore
import MockhoaRender

@main
struct MockhoaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mockhoa",
        abstract: "Print-ready artwork for crime-report keychains (móc khóa tố giác tội phạm).",
        discussion: "With no --data, commands use the built-in sample district (Cần Giuộc, Long An, 2018; fictional numbers).",
        subcommands: [PreviewCommand.self, CheckCommand.self, SampleCommand.self])
}

/// Options every command shares: where the directory and the template come from.
struct InputOptions: ParsableArguments {
    @Option(name: .long, help: "The district directory (YAML). Default: the built-in sample district.")
    var data: String?

    @Option(name: .long, help: "A built-in template name (default) or a template file (YAML).")
    var template: String?

    func load() throws -> Inputs {
        do { return try Inputs(dataPath: data, template: template) } catch { throw Failure.input(error) }
    }
}

struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview", abstract: "Draw one commune's keychain: PNG, PDF or SVG.")

    enum Side: String, ExpressibleByArgument, CaseIterable { case front, back, both }

    @OptionGroup var inputs: InputOptions
    @Option(help: "The commune: its name (case and diacritics optional) or slug.") var commune: String
    @Option(help: "Which side to draw.") var side: Side = .both
    @Option(help: "png, pdf or svg. Default: from -o's extension, else png.") var format: RenderFormat?
    @Option(help: "Resolution of PNG output.") var dpi: Double = 300
    @Option(name: .shortAndLong, help: "Output file. Default: Output/<district>/<commune>/preview.<format>.") var output: String?

    func validate() throws {
        guard (36...2400).contains(dpi) else { throw ValidationError("--dpi must be 36 to 2400, not \(dpi)") }
        if format == nil, let output, RenderFormat(rawValue: URL(fileURLWithPath: output).pathExtension.lowercased()) == nil {
            throw ValidationError("cannot tell the format of \"\(output)\": name it .png, .pdf or .svg, or give --format")
        }
    }

    func run() throws {
        try Failure.report {
            let inputs = try self.inputs.load()
            let commune = try Failure.input { () throws(InputErrors) in try inputs.commune(named: self.commune) }
            let format = self.format ?? output.flatMap { RenderFormat(rawValue: URL(fileURLWithPath: $0).pathExtension.lowercased()) } ?? .png
            let path = output ?? "Output/\(inputs.directory.district.name.slug)/\(commune.name.slug)/preview.\(format.rawValue)"
            let sides: [Int]? = switch side { case .front: [0]; case .back: [1]; case .both: nil }
            if side == .back && inputs.template.sides.count < 2 {
                throw Failure.message("the template \"\(inputs.template.name)\" has one side only")
            }
            let renderer = KeychainRenderer(inputs: inputs)
            let bytes: [UInt8]
            do {
                bytes = try renderer.preview(commune, sides: sides, format: format, dpi: dpi, date: RenderDate.current())
            } catch let error as LayoutError {
                throw Failure.message("commune \"\(commune.name)\": \(error)")
            }
            try OutputFile.write(bytes, to: path)
            print(path)
        }
    }
}

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

/// Errors that end a command: printed one per line on standard error, exit status 1.
enum Failure: Error {
    case input(InputErrors)
    case message(String)

    static func input<T>(_ body: () throws(InputErrors) -> T) throws -> T {
        do { return try body() } catch { throw Failure.input(error) }
    }

    /// Runs `body`, turning every expected error into readable lines and a non-zero exit.
    static func report(_ body: () throws -> Void) throws {
        do { try body() } catch let failure as Failure {
            switch failure {
            case .input(let errors): errors.diagnostics.forEach { printError($0.description) }
            case .message(let text): printError("error: \(text)")
            }
            throw ExitCode.failure
        } catch let error as OutputError {
            printError("error: \(error)")
            throw ExitCode.failure
        } catch let error as ExitCode {
            throw error
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }
}

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
extension RenderFormat: ExpressibleByArgument {}
