import Foundation
import Testing

// A chroot or build root often has no /proc mounted. Swift's `CommandLine.arguments` reads the
// command line through /proc on Linux and comes back empty there, which parsed as "no command":
// every command printed the top-level help and exited 0, having done nothing.

@Suite("Commands without /proc")
struct WithoutProcTests {
    /// Runs `mockhoa arguments` in `folder` in a mount namespace of its own whose /proc is an empty
    /// tmpfs (unshare(1): a user namespace too, so that no root is needed).
    static func mockhoaWithoutProc(_ arguments: [String], in folder: URL) throws -> Run {
        let script = #"mount -t tmpfs none /proc && [ ! -e /proc/self ] && exec "$@""#
        return try Tools.start(
            URL(fileURLWithPath: "/usr/bin/unshare"),
            ["--user", "--map-root-user", "--mount", "sh", "-c", script, "sh", Tools.mockhoa.path] + arguments,
            in: folder, environment: ["SOURCE_DATE_EPOCH": Tools.sourceDateEpoch]
        ).wait()
    }

    /// Whether this machine lets a process hide /proc from itself (unshare is there and allowed).
    static let canHideProc: Bool = {
        let run = try? Tools.start(
            URL(fileURLWithPath: "/usr/bin/unshare"),
            ["--user", "--map-root-user", "--mount", "sh", "-c", "mount -t tmpfs none /proc"],
            in: URL(fileURLWithPath: "/")
        ).wait()
        return run?.status == 0
    }()

    @Test(
        "--version, check and a sheet do their work; an unknown command is an error, not the help",
        .enabled(if: canHideProc, "needs unshare(1) with user namespaces"))
    func commandsRunWithoutProc() throws {
        try withTemporaryFolder { dir in
            let version = try Self.mockhoaWithoutProc(["--version"], in: dir)
            #expect(version.status == 0 && !version.stdout.contains("USAGE") && !version.stdout.isEmpty, "\(version)")
            #expect(version.stdout == (try Tools.mockhoa(["--version"], in: dir)).stdout, "\(version)")

            let check = try Self.mockhoaWithoutProc(["check"], in: dir)
            #expect(check.status == 0 && check.stdout.hasPrefix("ok: 17 communes"), "\(check)")

            let sheet = try Self.mockhoaWithoutProc(["sheet", "--commune", "Long Hậu", "-o", "sheet.pdf"], in: dir)
            #expect(sheet.status == 0, "\(sheet)")
            #expect(try PDF.pageSizes(dir.appending("sheet.pdf")).count == 2, "\(sheet)")

            let unknown = try Self.mockhoaWithoutProc(["no-such-command"], in: dir)
            #expect(unknown.status != 0 && unknown.hasNoCrashReport, "\(unknown)")
        }
    }
}
