import Foundation
import Hummingbird
import Logging
import NIOCore  // TimeAmount, for the idle timeout
import Mockhoa
import MockhoaCore
import MockhoaRender
import ServiceLifecycle
import Synchronization

/// How `mockhoa serve` runs.
public struct ServeOptions: Sendable {
    /// The directory file; nil for the built-in sample, read-only.
    public var dataPath: String?
    /// A built-in template name or a template file; nil for `default`.
    public var template: String?
    public var host = "127.0.0.1"
    public var port = 8080
    /// Required on every request when set; `mockhoa serve` makes one for any host but loopback.
    public var token: String?
    /// Largest request body accepted (413 beyond).
    public var bodyLimit = 4 * 1024 * 1024
    /// How long a request may wait for a free renderer (503 beyond).
    public var renderWait: Duration = .seconds(20)
    /// How long a connection may stay without sending a complete request (or its next part) before
    /// it is closed: a byte at a time never completes a request head, so it is closed as idle.
    public var idleTimeout: Duration = .seconds(30)
    /// Renderers working at once; the others wait in line.
    public var renderers = ProcessInfo.processInfo.activeProcessorCount

    public init(dataPath: String?, template: String?) { self.dataPath = dataPath; self.template = template }

    /// Whether `host` is a loopback address, reachable from this machine only.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}

/// Builds the `mockhoa serve` application: the page, its assets and the JSON API.
public enum MockhoaServer {
    /// The application for `options`; throws when the template does not load.
    public static func application(
        _ options: ServeOptions,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    )
        throws -> some ApplicationProtocol
    {
        let api = try API(options)
        let router = Router(context: BasicRequestContext.self)
        api.add(to: router)
        let responder = Guard(
            inner: router.buildResponder(), token: options.token,
            loopbackOnly: ServeOptions.isLoopback(options.host), bodyLimit: options.bodyLimit)
        return Application(
            responder: responder,
            server: .http1(configuration: .init(idleTimeout: TimeAmount(options.idleTimeout))),
            configuration: .init(
                address: .hostname(options.host, port: options.port),
                serverName: "mockhoa"),
            services: [BatchFolderCleanup(batches: api.batches)],
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: {
                var logger = Logger(label: "mockhoa.serve")
                logger.logLevel = .warning
                return logger
            }())
    }

    /// A fresh random access token (URL-safe).
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        return String((0..<24).map { _ in alphabet[Int(generator.next(upperBound: UInt(alphabet.count)))] })
    }
}

/// Removes the temporary folder of the page's batches when the server stops.
struct BatchFolderCleanup: Service {
    let batches: BatchRuns
    func run() async throws {
        try? await gracefulShutdown()
        batches.removeAll()
    }
}
