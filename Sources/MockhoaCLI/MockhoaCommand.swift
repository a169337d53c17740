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
        discussion: "With no --data, commands use the built-in sample district (Cần Giuộc, Long An, 2018; fictional numbers); --data also takes a built-in sample by name (see `mockhoa samples`).",
        version: MockhoaVersion.current,
        subcommands: [PreviewCommand.self, SheetCommand.self, BatchCommand.self, CheckCommand.self, SampleCommand.self,
                      SamplesCommand.self])
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
