import Foundation
import MockhoaCore
import MockhoaRender
import Testing

@testable import Mockhoa

// `mockhoa check`, and what every command does with bad input: a non-zero exit, one clear line
// per problem naming the file (and line) and the commune, never a crash report, and no output
// file (whole or partial) left behind.

@Suite("Check and errors", .serialized)
struct CheckAndErrorsTests {

    // MARK: check

    @Test("every sample commune lays out: check exits 0 and says ok")
    func sampleChecksOK() throws {
        try withTemporaryFolder { dir in
            let run = try Tools.mockhoa(["check"], in: dir)
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.hasPrefix("ok: 17 communes, 2 side(s) each, every line fits"), "\(run)")
            #expect(run.stderrLines.isEmpty, "\(run)")
            #expect(dir.filesBelow().isEmpty, "check wrote \(dir.filesBelow())")
        }
        let report = KeychainRenderer(inputs: try Inputs(dataPath: nil, template: nil)).check()
        #expect(!report.hasErrors && report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(report.communes == 17 && report.sides == 2)
        let smallest = try #require(report.smallest)
        #expect(smallest.points >= 6, "type below the template's 6 pt minimum: \(smallest)")
    }

    /// A commune with far too many neighbours for its back, beside one that fits.
    static let crowdedYAML = directoryYAML(
        district: "Thử",
        communes: [
            CommuneSpec(
                name: "Quá Tải", phone: "0272 3800 001",
                neighbours: ["Bình Yên"] + (0..<30).map { "Láng Giềng Rất Xa Số \($0)" }),
            CommuneSpec(name: "Bình Yên", phone: "0272 3800 002", neighbours: ["Quá Tải"]),
        ],
        outside: (0..<30).map { (name: "Láng Giềng Rất Xa Số \($0)", phone: String(format: "028 3800 %04d", $0)) })

    @Test("a commune with far too many neighbours: check fails naming the commune, side and line")
    func crowdedCommuneFailsCheck() throws {
        try withTemporaryFolder { dir in
            try dir.appending("crowded.yaml").write(Self.crowdedYAML)
            let run = try Tools.mockhoa(["check", "--data", "crowded.yaml"], in: dir)
            #expect(run.status != 0, "\(run)")
            #expect(run.hasNoCrashReport, "\(run)")
            #expect(!run.stdout.contains("ok:"), "\(run)")
            #expect(run.stderrLines.count == 1, "one problem, one line: \(run)")
            let line = try #require(run.stderrLines.first)
            #expect(line.contains("error:") && line.contains("commune \"Quá Tải\"") && line.contains("back side, line"), "\(line)")
            #expect(!run.stderr.contains("Bình Yên"), "Bình Yên fits: \(run)")

            // preview and sheet of that commune fail the same way and write nothing.
            for command in ["preview", "sheet"] {
                let out = try Tools.mockhoa([command, "--data", "crowded.yaml", "--commune", "qua tai", "-o", "q.pdf"], in: dir)
                #expect(out.status != 0, "\(out)")
                #expect(out.hasNoCrashReport, "\(out)")
                #expect(
                    out.stderrLines.count == 1 && out.stderr.contains("commune \"Quá Tải\"") && out.stderr.contains("back side, line"),
                    "\(out)")
                #expect(dir.filesBelow() == ["crowded.yaml"], "\(command) left \(dir.filesBelow())")
            }
            // Its neighbour renders.
            let fine = try Tools.mockhoa(["preview", "--data", "crowded.yaml", "--commune", "binh yen", "-o", "b.pdf"], in: dir)
            #expect(fine.status == 0, "\(fine)")

            let report = KeychainRenderer(inputs: try Inputs(dataPath: dir.appending("crowded.yaml").path, template: nil)).check()
            #expect(report.hasErrors)
            #expect(report.diagnostics.filter { $0.severity == .error }.map(\.commune) == ["Quá Tải"])
        }
    }

    @Test("a front that does not fit (the district's side, shared by all communes) is one problem, reported once")
    func sharedFrontProblemReportedOnce() throws {
        try withTemporaryFolder { dir in
            // The sample with a district name far too long for the line beside the QR code, even broken in two.
            let name = "Cần Giuộc Mới Mở Rộng Theo Nghị Quyết Số Một Nghìn Sáu Trăm Tám Mươi Hai"
            let yaml = DirectoryLoader.sampleYAML.replacingOccurrences(
                of: "  name: Cần Giuộc\n  province", with: "  name: \(name)\n  province")
            try #require(yaml != DirectoryLoader.sampleYAML)
            try dir.appending("longer.yaml").write(yaml)
            let run = try Tools.mockhoa(["check", "--data", "longer.yaml"], in: dir)
            #expect(run.status != 0, "\(run)")
            #expect(run.hasNoCrashReport, "\(run)")
            let front = run.stderrLines.filter { $0.contains("front side, line 2") }
            #expect(!front.isEmpty, "\(run)")
            #expect(front.count == 1, "one problem, one line; got \(front.count) lines:\n\(front.prefix(3).joined(separator: "\n"))")
        }
    }

    // MARK: Bad input, end to end

    struct BadInput: Sendable, CustomStringConvertible {
        var label: String
        var file: String
        var bytes: [UInt8]?  // nil: the file does not exist
        /// Each expected line of standard error, as fragments it must contain.
        var lines: [[String]]
        var description: String { label }
    }

    static let badInputs: [BadInput] = [
        BadInput(
            label: "invalid phone and unknown neighbour", file: "bad.yaml",
            bytes: Array(
                directoryYAML(
                    district: "Thử",
                    communes: [
                        CommuneSpec(name: "An Phú", phone: "12", neighbours: ["Bình Lợi"]),
                        CommuneSpec(name: "Bình Lợi", phone: "0272 3800 002", neighbours: ["An Phú", "Chợ Cũ"]),
                    ]
                ).utf8),
            lines: [
                ["bad.yaml:8:", "commune \"An Phú\"", "phone", "\"12\""],
                ["bad.yaml:14:", "commune \"Bình Lợi\"", "neighbours", "unknown neighbour \"Chợ Cũ\""],
            ]),
        BadInput(
            label: "a mistyped neighbour gets a suggestion", file: "typo.yaml",
            bytes: Array(
                directoryYAML(
                    district: "Thử",
                    communes: [
                        CommuneSpec(name: "An Phú", phone: "0272 3800 001", neighbours: ["Bình Loi"]),
                        CommuneSpec(name: "Bình Lợi", phone: "0272 3800 002", neighbours: ["An Phú"]),
                    ]
                ).utf8),
            lines: [["typo.yaml:9:", "commune \"An Phú\"", "unknown neighbour \"Bình Loi\"", "did you mean \"Bình Lợi\""]]),
        BadInput(
            label: "malformed YAML", file: "broken.yaml",
            bytes: Array("district:\n  name: [Thử\n  province: Long An\ncommunes: []\n".utf8),
            lines: [["broken.yaml:", "invalid YAML"]]),
        BadInput(label: "empty file", file: "empty.yaml", bytes: [], lines: [["empty.yaml", "empty"]]),
        BadInput(
            label: "binary garbage", file: "garbage.yaml", bytes: (0..<1024).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) },
            lines: [["garbage.yaml:", "binary"]]),
        BadInput(
            label: "text that is not UTF-8", file: "latin1.yaml",
            bytes: Array("district:\n  name: Th".utf8) + [0xEF, 0x0A], lines: [["latin1.yaml:2:", "UTF-8"]]),
        BadInput(label: "missing file", file: "nowhere.yaml", bytes: nil, lines: [["nowhere.yaml", "not found"]]),
    ]

    @Test(
        "bad input: non-zero exit, one line per problem naming file, line and commune, nothing written",
        arguments: badInputs)
    func badInput(_ input: BadInput) throws {
        let commands: [[String]] = [
            ["check"], ["preview", "--commune", "An Phú", "-o", "out.png"], ["sheet", "--commune", "An Phú", "-o", "out.pdf"],
            ["batch", "--output", "out", "--jobs", "1"],
        ]
        for command in commands {
            try withTemporaryFolder { dir in
                if let bytes = input.bytes { try Data(bytes).write(to: dir.appending(input.file)) }
                let before = dir.filesBelow()
                let run = try Tools.mockhoa(command + ["--data", input.file], in: dir)
                let what = "\(input) / \(command[0])"
                #expect(run.status != 0, "\(what): \(run)")
                #expect(run.hasNoCrashReport, "\(what): \(run)")
                let errors = run.stderrLines.filter { $0.contains("error:") }
                #expect(errors.count == input.lines.count, "\(what): one line per problem:\n\(run.stderr)")
                for (line, fragments) in zip(errors, input.lines) {
                    for fragment in fragments { #expect(line.contains(fragment), "\(what): \"\(fragment)\" missing from: \(line)") }
                }
                for line in run.stderrLines {
                    #expect(line.hasPrefix(input.file), "\(what): every line names the file: \(line)")
                }
                #expect(dir.filesBelow() == before, "\(what) left \(Set(dir.filesBelow()).subtracting(before).sorted())")
                #expect(!dir.appending("out").exists, "\(what) made the output folder")
            }
        }
    }

    @Test("control characters in a key, a value or a file name reach the terminal escaped, never raw")
    func terminalEscapesAreShownEscaped() throws {
        try withTemporaryFolder { dir in
            try dir.appending("d.yaml").write(
                """
                "\\e]0;pwned\\a": 1
                issuer: {level: province, name: "Tây\\e[2JNinh", hotline: "0276 3800 000"}
                communes: "xa\\e[2J.csv"

                """)
            let run = try Tools.mockhoa(["check", "--data", "d.yaml"], in: dir)
            #expect(run.status != 0 && run.hasNoCrashReport, "\(run)")
            #expect(!run.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || (0x7F..<0xA0).contains($0.value) }, "\(run)")
            #expect(run.stderr.contains("\\u{1B}]0;pwned\\u{7}"), "\(run)")
            #expect(run.stderr.contains("xa\\u{1B}[2J.csv"), "\(run)")
            #expect(run.stderr.contains("U+001B (control character)"), "\(run)")
            let named = try Tools.mockhoa(["check", "--data", "d\u{1B}[2J.yaml"], in: dir)
            #expect(named.status != 0 && named.stderr.contains("d\\u{1B}[2J.yaml") && !named.stderr.contains("\u{1B}"), "\(named)")
        }
    }

    // MARK: Output that cannot be written

    @Test(
        "an output path that cannot be written: non-zero exit, one clear line naming it, nothing left",
        arguments: [
            ["preview", "--commune", "Long Hậu", "-o", "/proc/mockhoa-x.png"],
            ["preview", "--commune", "Long Hậu", "-o", "a-file/x.png"],
            ["sheet", "--commune", "Long Hậu", "-o", "a-file/x.pdf"],
            ["preview", "--commune", "Long Hậu", "-o", "a-folder.png"],
            ["sheet", "--commune", "Long Hậu", "-o", "/proc/mockhoa-x.pdf"],
            ["batch", "--output", "a-file/out", "--jobs", "1"],
            ["batch", "--output", "/proc/mockhoa-out", "--jobs", "1"],
        ])
    func unwritableOutput(arguments: [String]) throws {
        try withTemporaryFolder { dir in
            try dir.appending("a-file").write("not a folder\n")
            try FileManager.default.createDirectory(at: dir.appending("a-folder.png"), withIntermediateDirectories: false)
            let run = try Tools.mockhoa(arguments, in: dir)
            let target = arguments[arguments.firstIndex { $0 == "-o" || $0 == "--output" }! + 1]
            #expect(run.status != 0, "\(run)")
            #expect(run.hasNoCrashReport, "\(run)")
            #expect(run.stderrLines.count == 1, "\(run)")
            let line = run.stderrLines.first ?? ""
            #expect(line.hasPrefix("error: cannot"), "a plain sentence, not a dump: \(line)")
            #expect(line.contains(target), "the line should name \(target): \(line)")
            #expect(
                !line.contains("Error Domain") && !line.contains("NSCocoaErrorDomain") && !line.contains("UserInfo"),
                "a raw Foundation error is not a message for a user: \(line)")
            #expect(dir.filesBelow() == ["a-file"], "left \(dir.filesBelow())")
        }
    }
}
