import ArgumentParser
import CAllocator
import CArguments
import Foundation
import Mockhoa
import MockhoaCore
import MockhoaRender

@main
struct MockhoaCommand: ParsableCommand {
    /// Picks the language (`--lang vi|en` anywhere on the line, else the locale) before the
    /// arguments are parsed, so that help and errors are in it too.
    static func main() {
        Language.current = Language.fromEnvironment()
        guard !commandLine.isEmpty else {  // started with no argv at all: nothing to go by
            printError(L("cli.error", L("cli.noCommandLine")))
            Foundation.exit(64)
        }
        var arguments = Array(commandLine.dropFirst())
        if let i = arguments.firstIndex(where: { $0 == "--lang" || $0.hasPrefix("--lang=") }) {
            let value =
                arguments[i].hasPrefix("--lang=")
                ? String(arguments[i].dropFirst(7))
                : i + 1 < arguments.count ? arguments[i + 1] : ""
            guard let language = Language(rawValue: value.lowercased().prefix(2).description) else {
                printError(L("cli.error", L("cli.lang", value)))
                Foundation.exit(64)
            }
            Language.current = language
            arguments.removeSubrange(i...(arguments[i].hasPrefix("--lang=") ? i : min(i + 1, arguments.count - 1)))
        }
        if let command = arguments.first { prepare(command) }
        main(arguments)
    }

    /// The program's arguments, its name first, as glibc passed them (Sources/CArguments): not
    /// `CommandLine.arguments`, which Swift reads through /proc and finds empty without it.
    private static let commandLine: [String] = (0..<Int(cargs_count())).map { String(cString: cargs_values()[$0]!) }

    /// Before the arguments are parsed: freed memory kept for one-shot commands, and libqpdf
    /// loaded on a thread of its own for the commands that make PDFs through it.
    private static func prepare(_ command: String) {
        guard ["preview", "sheet", "proof", "batch", "check"].contains(command) else { return }
        keepFreedMemory()
        if command != "preview" && command != "check" { QPDFLibrary.preload() }
    }

    /// Tells glibc's allocator to keep memory it is given back for the next allocation instead
    /// of returning it to the system at once: Cairo, zlib and qpdf allocate and free the same
    /// buffers for every sheet, and each return meant the next sheet faulted the pages in again
    /// (6,000 page faults for the sample batch, 2,600 without; 7 % of its time). One-shot
    /// commands only: a server returns what it no longer uses.
    private static func keepFreedMemory() {
        _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)  // the largest allowed; larger blocks are rare
        _ = mallopt(M_TRIM_THRESHOLD, 256 << 20)
        _ = mallopt(M_TOP_PAD, 16 << 20)  // grow the heap in steps of 16 MiB (address space only)
    }

    static let configuration = CommandConfiguration(
        commandName: "mockhoa",
        abstract: L("cli.mockhoa.abstract"),
        discussion: L("cli.mockhoa.discussion"),
        version: MockhoaVersion.current,
        subcommands: [
            PreviewCommand.self, SheetCommand.self, ProofCommand.self, BatchCommand.self, CheckCommand.self, SampleCommand.self,
            SamplesCommand.self, TemplateCommand.self, TemplatesCommand.self, ServeCommand.self,
        ])
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
            case .message(let text): printError(L("cli.error", text))
            }
            throw ExitCode.failure
        } catch let error as OutputError {
            printError(L("cli.error", "\(error)"))
            throw ExitCode.failure
        } catch let error as ExitCode {
            throw error
        } catch {
            printError(L("cli.error", "\(error)"))
            throw ExitCode.failure
        }
    }
}

/// Writes `line` on standard error, its control characters escaped: a key, a value or a file
/// name of a hostile file must not retitle, clear or rewrite the officer's terminal.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line.escapingControlCharacters + "\n").utf8))
}

/// A message of the catalogue in the current language.
func L(_ key: String, _ arguments: any MessageArgument...) -> String {
    MessageCatalogue.shared.text(key, in: .current, arguments.map { $0.text(in: .current) })
}
