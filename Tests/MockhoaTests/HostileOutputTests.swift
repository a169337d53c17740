import Foundation
import MockhoaCore
import Testing

@testable import Mockhoa

// Output only ever replaces mockhoa's own regular files: `-o -`, FIFOs, devices, symbolic links,
// folders and commune folders that are links are each handled as a user would expect; slugs are
// the directory's; leftovers are cleaned only when they are ours; two batches never mix; SIGHUP
// stops like Ctrl-C; every write is checked, standard output included.

@Suite("Hostile output", .serialized)
struct HostileOutputTests {
    static func fileType(_ path: String) -> mode_t? {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : nil
    }

    // MARK: -o

    @Test("-o - writes the PNG, PDF or sheet to standard output and nothing else")
    func dashIsStandardOutput() throws {
        try withTemporaryFolder { dir in
            let png = try Tools.mockhoa(["preview", "--commune", "Long Hậu", "-o", "-"], in: dir)
            #expect(png.status == 0 && png.stdoutBytes.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(png.stderr)")
            let sheet = try Tools.mockhoa(["sheet", "--commune", "Long Hậu", "-o", "-"], in: dir)
            #expect(sheet.status == 0 && sheet.stdoutBytes.starts(with: Array("%PDF-".utf8)), "\(sheet.stderr)")
            #expect(sheet.stdoutBytes.suffix(6).contains(Array("%%EOF".utf8).first!), "the PDF runs to its end")
            #expect(sheet.stderr.contains("-up on A4"), "the summary goes to standard error: \(sheet.stderr)")
            #expect(!dir.appending("-").exists && dir.filesBelow().isEmpty, "\(dir.filesBelow())")
        }
    }

    @Test("a FIFO target is written into, and stays a FIFO")
    func fifoIsWrittenInto() throws {
        try withTemporaryFolder { dir in
            let fifo = dir.appending("pipe").path
            try #require(mkfifo(fifo, 0o644) == 0)
            let reader = try Tools.start(URL(fileURLWithPath: "/bin/cat"), [fifo], in: dir)
            let run = try Tools.mockhoa(["preview", "--commune", "Long Hậu", "--format", "pdf", "-o", "pipe"], in: dir)
            let read = reader.wait()
            #expect(run.status == 0, "\(run)")
            #expect(read.stdoutBytes.starts(with: Array("%PDF-".utf8)) && read.stdoutBytes.count > 5000)
            #expect(Self.fileType(fifo) == S_IFIFO, "the FIFO was replaced")
            #expect(dir.filesBelow().isEmpty, "no temporary file beside it: \(dir.filesBelow())")
        }
    }

    @Test("a character device (/dev/null's twin) is written into, never renamed over; /dev/full says no space left")
    func devicesAreWrittenInto() throws {
        try withTemporaryFolder { dir in
            // A device node of our own, so that a regression cannot replace the system's /dev/null.
            let null = dir.appending("null").path
            var system = stat()
            try #require(stat("/dev/null", &system) == 0)
            let device = mknod(null, S_IFCHR | 0o666, system.st_rdev) == 0 ? null : "/dev/null"
            let run = try Tools.mockhoa(["sheet", "--commune", "Long Hậu", "--format", "pdf", "-o", device], in: dir)
            #expect(run.status == 0, "\(run)")
            #expect(Self.fileType(device) == S_IFCHR, "\(device) is no longer a device")
            #expect(dir.filesBelow().isEmpty, "\(dir.filesBelow())")

            let full = try Tools.mockhoa(["preview", "--commune", "Long Hậu", "-o", "/dev/full"], in: dir)
            #expect(full.status == 1 && full.stderr.contains("cannot write /dev/full: no space left on device"), "\(full)")
            #expect(Self.fileType("/dev/full") == S_IFCHR)
        }
    }

    @Test("a symbolic link target: the file it names is replaced, the link stays; a dangling one is refused")
    func symbolicLinksAreWrittenThrough() throws {
        try withTemporaryFolder { dir in
            try FileManager.default.createDirectory(at: dir.appending("real"), withIntermediateDirectories: true)
            try dir.appending("real/proof.pdf").write("old")
            try FileManager.default.createSymbolicLink(atPath: dir.appending("proof.pdf").path, withDestinationPath: "real/proof.pdf")
            let run = try Tools.mockhoa(["preview", "--commune", "Long Hậu", "-o", "proof.pdf"], in: dir)
            #expect(run.status == 0, "\(run)")
            #expect(Self.fileType(dir.appending("proof.pdf").path) == S_IFLNK, "the link was replaced")
            #expect(try dir.appending("real/proof.pdf").bytes().starts(with: Array("%PDF-".utf8)))

            try FileManager.default.createSymbolicLink(atPath: dir.appending("gone.pdf").path, withDestinationPath: "nowhere/x.pdf")
            let dangling = try Tools.mockhoa(["preview", "--commune", "Long Hậu", "-o", "gone.pdf"], in: dir)
            #expect(dangling.status == 1 && dangling.stderr.contains("a symbolic link to nothing"), "\(dangling)")
            #expect(!dir.appending("nowhere").exists)
        }
    }

    @Test("a file replaced keeps its permissions: 0600 stays 0600, through a link too")
    func replacedFilesKeepTheirPermissions() throws {
        try withTemporaryFolder { dir in
            try dir.appending("private.pdf").write("old")
            chmod(dir.appending("private.pdf").path, 0o600)
            try FileManager.default.createSymbolicLink(atPath: dir.appending("via-link.pdf").path, withDestinationPath: "private.pdf")
            for name in ["private.pdf", "via-link.pdf"] {
                let run = try Tools.mockhoa(["preview", "--commune", "Long Hậu", "-o", name], in: dir)
                #expect(run.status == 0, "\(run)")
                var info = stat()
                #expect(
                    stat(dir.appending("private.pdf").path, &info) == 0 && info.st_mode & 0o7777 == 0o600,
                    "mode \(String(info.st_mode & 0o7777, radix: 8)) after writing \(name)")
            }
            #expect(try dir.appending("private.pdf").bytes().starts(with: Array("%PDF-".utf8)))
        }
    }

    @Test("-o dir/ and -o dir say it is a folder; a file in the way and a long name are named")
    func foldersAndNames() throws {
        try withTemporaryFolder { dir in
            try FileManager.default.createDirectory(at: dir.appending("proofs"), withIntermediateDirectories: true)
            let slash = try Tools.mockhoa(["sheet", "--commune", "Long Hậu", "-o", "new/"], in: dir)
            #expect(slash.status != 0 && slash.stderr.contains("names a folder"), "\(slash)")
            let folder = try Tools.mockhoa(["sheet", "--commune", "Long Hậu", "--format", "pdf", "-o", "proofs"], in: dir)
            #expect(folder.status == 1 && folder.stderr.contains("cannot write proofs: not a regular file: it is a folder"), "\(folder)")
            try dir.appending("file").write("x")
            let inTheWay = try Tools.mockhoa(["sheet", "--commune", "Long Hậu", "-o", "file/sheet.pdf"], in: dir)
            #expect(inTheWay.status == 1 && inTheWay.stderr.contains("a part of the path is not a folder"), "\(inTheWay)")
            let long = try Tools.mockhoa(["sheet", "--commune", "Long Hậu", "-o", String(repeating: "x", count: 300) + ".pdf"], in: dir)
            #expect(long.status == 1 && long.stderr.contains("file name too long"), "\(long)")
            #expect(dir.filesBelow() == ["file"], "\(dir.filesBelow())")
        }
    }

    // MARK: Batch

    @Test("a commune folder that links out of the output folder: refused by name, nothing written there")
    func batchFollowsNoLinkOut() throws {
        try withTemporaryFolder { dir in
            try dir.appending("d.yaml").write(directoryYAML(communes: generatedCommunes(3)))
            let elsewhere = dir.appending("elsewhere")
            try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
            try elsewhere.appending("sheet.pdf").write("the user's own file")
            try FileManager.default.createDirectory(at: dir.appending("out/thu"), withIntermediateDirectories: true)
            let slug = "an-hung"  // the first generated commune
            try FileManager.default.createSymbolicLink(atPath: dir.appending("out/thu/\(slug)").path, withDestinationPath: elsewhere.path)
            let run = try Tools.mockhoa(["batch", "--data", "d.yaml", "--output", "out", "--formats", "pdf"], in: dir)
            #expect(run.status == 1 && run.hasNoCrashReport, "\(run)")
            #expect(run.stderr.contains("\(slug) is a symbolic link"), "\(run.stderr)")
            #expect(run.stdout.contains("2 rendered, 0 unchanged, 1 failed"), "\(run.stdout)")
            #expect(try String(decoding: elsewhere.appending("sheet.pdf").bytes(), as: UTF8.self) == "the user's own file")
            #expect(elsewhere.filesBelow() == ["sheet.pdf"])
        }
    }

    @Test("Tân Thành and Tân Thạnh: sheet and preview default paths differ as batch's folders do; --commune takes either slug")
    func oneSlugPerCommuneInEveryCommand() throws {
        try withTemporaryFolder { dir in
            try dir.appending("d.yaml").write(
                directoryYAML(
                    district: "Nul",
                    communes: [
                        CommuneSpec(name: "Tân Thành", phone: "0272 3800 001"), CommuneSpec(name: "Tân Thạnh", phone: "0272 3800 002"),
                        CommuneSpec(name: "Cồn", phone: "0272 3800 003"),
                    ]))
            for (name, slug) in [("Tân Thành", "tan-thanh"), ("Tân Thạnh", "tan-thanh-2"), ("Cồn", "con_")] {
                let sheet = try Tools.mockhoa(["sheet", "--data", "d.yaml", "--commune", name], in: dir)
                #expect(sheet.stdout.hasPrefix("Output/nul_/\(slug)/sheet.pdf:"), "\(sheet)")
                let preview = try Tools.mockhoa(["preview", "--data", "d.yaml", "--commune", slug], in: dir)
                #expect(preview.stdout == "Output/nul_/\(slug)/preview.png\n", "\(preview)")
                #expect(try PDF.text(dir.appending("Output/nul_/\(slug)/sheet.pdf"), pages: 2...2).contains(name))
            }
            let batch = try Tools.mockhoa(["batch", "--data", "d.yaml", "--formats", "pdf"], in: dir)
            #expect(batch.status == 0, "\(batch)")
            #expect(try BatchTests.manifest(in: dir.appending("Output/nul_")).communes.map(\.slug) == ["tan-thanh", "tan-thanh-2", "con_"])
        }
    }

    @Test("leftovers: our temporary files of dead processes are removed; the user's .partial files are not")
    func leftoversOfOursOnly() throws {
        try withTemporaryFolder { dir in
            let dead = Process()
            dead.executableURL = URL(fileURLWithPath: "/bin/true")
            try dead.run()
            dead.waitUntilExit()
            let gone = dead.processIdentifier  // a process that has ended
            let district = dir.appending("out/can-giuoc")
            try FileManager.default.createDirectory(at: district.appending("long-hau"), withIntermediateDirectories: true)
            let ours = [".mockhoa-tmp-\(gone)-1f2e", "long-hau/.mockhoa-tmp-\(gone)-abc"]
            let theirs = [
                "notes.partial", ".sheet.pdf.\(gone).partial", "long-hau/draft.partial",
                ".mockhoa-tmp-\(getpid())-abc", ".mockhoa-tmp-\(gone)-notes.txt",
            ]
            for path in ours + theirs { try district.appending(path).write("x") }
            let run = try Tools.mockhoa(["batch", "--output", "out", "--formats", "pdf"], in: dir)
            #expect(run.status == 0, "\(run)")
            for path in ours { #expect(!district.appending(path).exists, "\(path) is left") }
            for path in theirs { #expect(district.appending(path).exists, "\(path), not ours, was deleted") }
        }
    }

    @Test("a second batch into a locked folder waits, then stops with a message naming the other process")
    func folderLock() throws {
        try withTemporaryFolder { dir in
            let inputs = try Inputs(dataPath: nil, template: nil)
            var options = BatchOptions(
                output: dir.path, jobs: 1, sheet: SheetSettings(options: SheetOptions(paper: .a4)),
                formats: [.pdf], force: false, date: "2023-11-14", language: .en)
            options.lockWait = 0.3
            let job = BatchJob(inputs: inputs, options: options)
            try FileManager.default.createDirectory(at: job.folder, withIntermediateDirectories: true)
            let holder = try FolderLock(job.folder, wait: 0)
            let start = Date()
            #expect { try job.run() } throws: { error in
                "\(error)".contains("another mockhoa batch (process \(getpid())) is writing this folder")
            }
            #expect(Date().timeIntervalSince(start) >= 0.3, "it waited first")
            #expect(!job.folder.appending("manifest.json").exists)
            holder.release()
            let result = try job.run()
            #expect(result.rendered == 17)
        }
    }

    @Test("SIGHUP (the terminal closed) stops a batch like Ctrl-C: exit 130, manifest written")
    func hangupIsAnInterrupt() throws {
        try withTemporaryFolder { dir in
            try dir.appending("big.yaml").write(directoryYAML(communes: generatedCommunes(200)))
            let started = try Tools.start(
                Tools.mockhoa,
                [
                    "batch", "--data", "big.yaml", "--output", "out", "--jobs", "1",
                    "--formats", "pdf",
                ],
                in: dir, environment: ["SOURCE_DATE_EPOCH": Tools.sourceDateEpoch])
            let district = dir.appending("out/thu"), deadline = Date().addingTimeInterval(60)
            func folders() -> Int {
                ((try? FileManager.default.contentsOfDirectory(atPath: district.path)) ?? []).filter { !$0.contains(".") }.count
            }
            while folders() < 3 && started.process.isRunning && Date() < deadline { usleep(20_000) }
            let wasRunning = started.process.isRunning
            if wasRunning { kill(started.process.processIdentifier, SIGHUP) }
            let run = started.wait()
            try #require(wasRunning, "the batch ended before the hang-up: \(run)")
            #expect(run.status == 130 && !run.signalled, "\(run)")
            let manifest = try BatchTests.manifest(in: district)
            #expect((3..<200).contains(manifest.communes.count))
            try BatchTests.expectManifestMatchesDisk(district)
        }
    }

    @Test("sample, check and preview's path on a full standard output: exit 1, 'no space left on device'")
    func fullStandardOutput() throws {
        try withTemporaryFolder { dir in
            for arguments in [["sample"], ["check"], ["preview", "--commune", "Long Hậu"]] {
                let process = Process()
                process.executableURL = Tools.mockhoa
                process.arguments = arguments
                process.currentDirectoryURL = dir
                process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full"))
                let errors = Pipe()
                process.standardError = errors
                try process.run()
                let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                #expect(process.terminationStatus == 1, "\(arguments): \(stderr)")
                #expect(stderr.contains("cannot write standard output: no space left on device"), "\(arguments): \(stderr)")
            }
        }
    }
}
