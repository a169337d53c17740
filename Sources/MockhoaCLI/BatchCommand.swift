import ArgumentParser
import Dispatch
import Foundation
import Mockhoa
import MockhoaCore
import MockhoaRender
import Synchronization

struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: L("cli.batch.abstract"),
        discussion: L("cli.batch.discussion"))

    @OptionGroup var inputs: InputOptions
    @Option(help: ArgumentHelp(L("cli.batch.output"))) var output = "Output"
    @Option(help: ArgumentHelp(L("cli.batch.jobs"))) var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    @OptionGroup var paper: PaperOptions
    @Option(help: ArgumentHelp(L("cli.batch.formats"))) var formats = "pdf,png,overview"
    @OptionGroup var press: PressOptions
    @Flag(help: ArgumentHelp(L("cli.batch.force"))) var force = false
    @Flag(help: ArgumentHelp(L("cli.batch.quiet"))) var quiet = false
    @Flag(help: ArgumentHelp(L("cli.batch.json"))) var json = false

    func validate() throws {
        guard jobs >= 1 && jobs <= 256 else { throw ValidationError(L("cli.range", "--jobs", 1, 256, jobs)) }
        try press.validate(writingPDF: try parsedFormats().formats.contains(.pdf))
    }

    /// The file formats asked for, whether the overview is, and whether mould proofs are.
    func parsedFormats() throws -> (formats: Set<RenderFormat>, overview: Bool, proof: Bool) {
        var out: Set<RenderFormat> = [], overview = false, proof = false
        for name in formats.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
            if name == "overview" { overview = true; continue }
            if name == "proof" { proof = true; continue }
            guard let format = RenderFormat(rawValue: name) else {
                throw ValidationError(L("cli.unknownFormat", name))
            }
            out.insert(format)
        }
        guard !out.isEmpty || overview || proof else { throw ValidationError(L("cli.noFormats")) }
        return (out, overview, proof)
    }

    func run() throws {
        try Failure.report {
            let inputs = try self.inputs.load()
            let (formats, overview, proof) = try parsedFormats()
            if proof { _ = try Failure.input { () throws(InputErrors) in try inputs.printColours(.spot) } }
            let sheet = SheetSettings(options: try paper.sheetOptions(), press: press.settings)
            if formats.contains(.pdf) {  // a bad paper, margin, colour or profile fails once, here, not once per commune
                try press.check(inputs)
                do {
                    _ = try KeychainRenderer.imposition(of: inputs.template, on: sheet.options)
                } catch { throw Failure.message("\(error)") }
            }
            var options = BatchOptions(
                output: output, jobs: jobs, sheet: sheet, formats: formats, overview: overview,
                force: force, date: try RenderDate.current(), language: .current)
            options.proof = proof
            let job = BatchJob(inputs: inputs, options: options)
            for warning in inputs.warnings where !quiet { printError(warning.description) }

            let interrupt = Interrupt.install()
            let reporter = ProgressReporter(mode: quiet || json ? .silent : isatty(STDERR_FILENO) == 1 ? .bar : .lines)
            let result = try job.run(isCancelled: { interrupt.requested }, progress: reporter.report)
            reporter.finish()

            if json {
                try StandardOutput.print(String(decoding: JSONSummary(result).encoded(), as: UTF8.self))
            } else if !quiet {
                try StandardOutput.print(SummaryTable(result.manifest).text)
                try StandardOutput.print(L("batch.done", result.folder.path, result.rendered, result.skipped, result.failed))
            }
            if let problem = result.overviewError {
                printError(L("batch.overviewFailed", "\(problem)"))
            }
            if result.interrupted {
                printError(L("batch.interrupted", result.manifest.communes.count, inputs.directory.communes.count))
                throw ExitCode(130)
            }
            if result.failed > 0 {
                for entry in result.manifest.communes where !entry.errors.isEmpty {
                    entry.errors.forEach { printError(L("batch.communeFailed", entry.name, $0)) }
                }
                throw ExitCode.failure
            }
            if result.overviewError != nil { throw ExitCode.failure }
        }
    }
}

/// Ctrl-C (SIGINT), SIGTERM and SIGHUP (the terminal closed) ask the batch to stop after the
/// communes in progress; a second one ends the process at once (files are still whole: they are
/// renamed into place).
final class Interrupt: Sendable {
    private let flag = Atomic<Bool>(false)
    var requested: Bool { flag.load(ordering: .relaxed) }

    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    static func install() -> Interrupt {
        let interrupt = Interrupt()
        for number in [SIGINT, SIGTERM, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if interrupt.flag.exchange(true, ordering: .relaxed) { _exit(130) }
                printError("\n" + L("batch.stopping"))
            }
            source.resume()
            sources.append(source)
        }
        return interrupt
    }
}

/// Progress on standard error: a bar with counts and time left on a terminal, plain lines
/// otherwise, or nothing.
final class ProgressReporter: Sendable {
    enum Mode { case bar, lines, silent }
    let mode: Mode
    private let start = Date()
    private let lock = Mutex(())

    init(mode: Mode) { self.mode = mode }

    func report(_ p: BatchProgress) {
        lock.withLock { _ in
            switch mode {
            case .silent: return
            case .lines:
                let what =
                    switch p.outcome {
                    case .rendered: "progress.rendered";
                    case .skipped: "progress.unchanged";
                    case .failed: "progress.failed"
                    }
                printError("[\(p.done)/\(p.total)] \(L(what)): \(p.commune)")
            case .bar:
                let width = 30, filled = width * p.done / max(p.total, 1)
                let elapsed = Date().timeIntervalSince(start)
                let left = elapsed / Double(p.done) * Double(p.total - p.done)
                let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
                FileHandle.standardError.write(
                    Data(("\r" + L("progress.bar", bar, p.done, p.total, String(format: "%.1f", left)) + " ").utf8))
            }
        }
    }

    func finish() {
        if mode == .bar { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

/// The end-of-run table: commune, pieces, copies per sheet, sheets to print, and totals.
struct SummaryTable {
    let text: String

    init(_ manifest: Manifest) {
        var rows = [[L("summary.commune"), L("summary.pieces"), L("summary.perSheet"), L("summary.sheets")]]
        for c in manifest.communes {
            rows.append([
                c.name, c.quantity.map(String.init) ?? "–",
                c.errors.isEmpty ? c.copiesPerSheet.map(String.init) ?? "–" : L("progress.failed"),
                c.sheetsNeeded.map(String.init) ?? "–",
            ])
        }
        rows.append([L("summary.total", manifest.totals.communes), "\(manifest.totals.pieces)", "", "\(manifest.totals.sheets)"])
        let widths = (0..<4).map { col in rows.map { $0[col].count }.max()! }
        func line(_ row: [String]) -> String {
            row.enumerated().map { col, cell in
                let pad = String(repeating: " ", count: widths[col] - cell.count)
                return col == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")
        text = ([line(rows[0]), rule] + rows.dropFirst().dropLast().map(line) + [rule, line(rows.last!)]).joined(separator: "\n")
    }
}

/// What `--json` prints.
struct JSONSummary: Encodable {
    var folder: String
    var rendered, skipped, failed: Int
    var interrupted: Bool
    var manifest: Manifest

    init(_ r: BatchResult) {
        folder = r.folder.path; rendered = r.rendered; skipped = r.skipped; failed = r.failed
        interrupted = r.interrupted; manifest = r.manifest
    }

    func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data()
    }
}
