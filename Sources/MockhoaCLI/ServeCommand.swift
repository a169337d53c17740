import ArgumentParser
import Foundation
import Synchronization
import Hummingbird
import MockhoaCore
import MockhoaServer

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: L("cli.serve.abstract"), discussion: L("cli.serve.discussion"))

    @Option(name: .long, help: ArgumentHelp(L("cli.serve.data"))) var data: String?
    @Option(name: .long, help: ArgumentHelp(L("cli.options.template"))) var template: String?
    @Option(help: ArgumentHelp(L("cli.serve.host"))) var host = "127.0.0.1"
    @Option(help: ArgumentHelp(L("cli.serve.port"))) var port = 8080
    @Option(help: ArgumentHelp(L("cli.serve.token"))) var token: String?
    @Flag(help: ArgumentHelp(L("cli.serve.open"))) var open = false

    /// The token `--token` gives, else the environment's `MOCKHOA_TOKEN` (empty counts as unset), with where it came from.
    var givenToken: (token: String, source: String)? {
        if let token { return (token, "--token") }
        if let token = ProcessInfo.processInfo.environment["MOCKHOA_TOKEN"], !token.isEmpty { return (token, "MOCKHOA_TOKEN") }
        return nil
    }

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535, not \(port)") }
        if let given = givenToken,
            given.token.count < 8
                || !given.token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        {
            throw ValidationError("\(given.source) must be at least 8 letters, digits, - or _")
        }
    }

    /// Runs the server until Ctrl-C. The command line is synchronous (its language is picked
    /// before parsing), so the server runs as a task while this thread waits for it.
    func run() throws {
        let done = DispatchSemaphore(value: 0)
        let failed = Mutex(false)
        Task {
            do { try await serve() } catch { failed.withLock { $0 = true } }
            done.signal()
        }
        done.wait()
        if failed.withLock({ $0 }) { throw ExitCode.failure }
    }

    /// Raises the soft limit on open files to the hard one (at most 65,536): every connection is
    /// one, and a soft limit of 1,024 is a thousand idle connections from locking officers out.
    private static func raiseOpenFileLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
        let wanted = min(limit.rlim_max, 65_536)
        guard limit.rlim_cur < wanted else { return }
        limit.rlim_cur = wanted
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }

    private func serve() async throws {
        Self.raiseOpenFileLimit()
        var options = ServeOptions(dataPath: data, template: template)
        options.host = host
        options.port = port
        let given = givenToken
        options.token = given?.token ?? (ServeOptions.isLoopback(host) ? nil : MockhoaServer.newToken())
        let token = options.token, open = self.open
        let shownHost = host.contains(":") ? "[\(host)]" : host
        do {
            let app = try MockhoaServer.application(options) { port in
                let address = "http://\(shownHost):\(port)/" + (token.map { "?token=\($0)" } ?? "")
                // A token given is not written out (this output may go to a log): whoever gave it knows it.
                say(given.map { L("serve.addressGivenToken", "http://\(shownHost):\(port)/", $0.source) } ?? L("serve.address", address))
                if data == nil { say(L("serve.sampleReadOnly")) }
                if open { Self.openBrowser(address) }
            }
            try await app.runService()
        } catch let errors as InputErrors {
            errors.diagnostics.forEach { printError($0.description) }
            throw ExitCode.failure
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }

    /// Opens `address` with the desktop's opener, when there is one.
    static func openBrowser(_ address: String) {
        for opener in ["/usr/bin/xdg-open", "/usr/bin/open", "/usr/bin/sensible-browser"]
        where FileManager.default.isExecutableFile(atPath: opener) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: opener)
            process.arguments = [address]
            if (try? process.run()) != nil { return }
        }
        say(L("serve.noBrowser"))
    }
}

/// A line on standard output, written at once (not buffered: whoever started the server reads the address).
private func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
