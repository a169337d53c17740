import Foundation
import Testing

// `mockhoa serve`'s access token: from --token or, out of sight of `ps`, from MOCKHOA_TOKEN.

@Suite("serve: the access token", .serialized)
struct ServeTokenTests {
    /// The HTTP status of `url`, by curl.
    static func status(_ url: String, in folder: URL) throws -> String {
        try Tools.output("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", url], in: folder)
    }

    @Test("MOCKHOA_TOKEN is the token: asked of every request, and never written out")
    func tokenFromTheEnvironment() throws {
        try withTemporaryFolder { dir in
            let token = "env-token-\(UInt32.random(in: 0...UInt32.max))"
            let server = try Tools.start(
                Tools.mockhoa, ["serve", "--port", "0"], in: dir,
                environment: ["MOCKHOA_TOKEN": token])
            var output = ""
            for _ in 0..<600 where !output.contains("\n") && server.process.isRunning {
                Thread.sleep(forTimeInterval: 0.05)
                output = (try? String(contentsOf: server.outURL, encoding: .utf8)) ?? ""
            }
            let address = output.firstMatch(of: /(http:\/\/[0-9.]+:[0-9]+\/)/)?.output.1
            let base = try #require(address.map(String.init), "no address in: \(output)")
            #expect(try Self.status(base, in: dir) == "401")
            #expect(try Self.status(base + "?token=\(token)", in: dir) == "200")
            server.process.terminate()
            let run = server.wait()
            #expect(!(run.stdout + run.stderr).contains(token), "\(run)")
            #expect(run.stdout.contains("MOCKHOA_TOKEN"), "\(run)")
        }
    }

    @Test("a MOCKHOA_TOKEN too short is refused by its name; --token still works and comes first")
    func badTokenFromTheEnvironment() throws {
        try withTemporaryFolder { dir in
            let run = try Tools.mockhoa(["serve", "--port", "0"], in: dir, environment: ["MOCKHOA_TOKEN": "short"])
            #expect(run.status != 0)
            #expect(run.stderr.contains("MOCKHOA_TOKEN must be at least 8"), "\(run)")
            let flag = try Tools.mockhoa(
                ["serve", "--port", "0", "--token", "bad"], in: dir,
                environment: ["MOCKHOA_TOKEN": "good-token-123"])
            #expect(flag.stderr.contains("--token must be at least 8"), "\(flag)")
        }
    }
}
