import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import MockhoaServer

/// Connections that send nothing, or a byte at a time, cannot hold the page's open files.
@Suite struct IdleConnectionTests {
    typealias S = ServerTests

    /// A TCP connection to the loopback `port`; the caller closes it.
    private static func connect(_ port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard status == 0 else { close(fd); throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        return fd
    }

    /// Whether the server closed `fd` within `seconds` (a read returns end of file).
    private static func closedByServer(_ fd: Int32, within seconds: Int32) -> Bool {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, seconds * 1000) == 1 else { return false }
        var byte: UInt8 = 0
        return read(fd, &byte, 1) <= 0
    }

    @Test func aRequestSentAByteAtATimeIsClosedAsIdle() async throws {
        var options = S.options()
        options.idleTimeout = .milliseconds(600)
        let app = try MockhoaServer.application(options)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let silent = try Self.connect(port), dripping = try Self.connect(port)
            defer { close(silent); close(dripping) }
            // A byte every 200 ms: never a whole request head, so never activity.
            for byte in Array("GET / HTTP/1.1\r\n".utf8).prefix(8) {
                var byte = byte
                _ = write(dripping, &byte, 1)
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(Self.closedByServer(dripping, within: 5))
            #expect(Self.closedByServer(silent, within: 5))
        }
    }

    @Test func thePageAnswersWhileAThousandAndFiftyConnectionsAreIdle() async throws {
        // The test holds both ends of each connection: raise its own open-file limit first.
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        try #require(limit.rlim_max >= 2_400, "the hard open-file limit is \(limit.rlim_max)")
        let saved = limit
        limit.rlim_cur = max(limit.rlim_cur, 2_400)
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        defer { var restored = saved; setrlimit(Int32(RLIMIT_NOFILE.rawValue), &restored) }

        let app = try MockhoaServer.application(S.options())
        try await app.test(.live) { client in
            let port = try #require(client.port)
            var idle: [Int32] = []
            defer { idle.forEach { close($0) } }
            for _ in 0..<1_050 { idle.append(try Self.connect(port)) }
            let page = try await client.execute(uri: "/", method: .get)
            #expect(page.status == .ok)
            let api = try await client.execute(uri: "/api/directory", method: .get)
            #expect(api.status == .ok)
        }
    }
}
