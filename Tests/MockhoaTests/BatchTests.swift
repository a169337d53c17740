import Foundation
import MockhoaCore
import MockhoaRender
import Testing

@testable import Mockhoa

// `mockhoa batch` checked as the person who sends a district's files to the printer would:
// the manifest's checksums match the files, the overview names every commune, a re-run changes
// nothing, output is the same whatever the folder or the number of jobs, a change re-renders only
// what it touches, one bad commune does not stop the others, and Ctrl-C leaves only whole files.

@Suite("Batch", .serialized)
struct BatchTests {
    static let date = "2023-11-14"  // what SOURCE_DATE_EPOCH=1700000000 gives

    /// Every file below `folder`, relative path → bytes.
    static func snapshot(_ folder: URL) throws -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        for path in folder.filesBelow() { out[path] = try folder.appending(path).bytes() }
        return out
    }

    /// Paths that differ between two snapshots (missing on either side, or other bytes).
    static func differences(_ a: [String: [UInt8]], _ b: [String: [UInt8]]) -> [String] {
        Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
    }

    static func manifest(in district: URL) throws -> Manifest {
        try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: district.appending("manifest.json")))
    }

    /// The manifest's files (and overview) exist and `sha256sum` agrees with it; returns the paths.
    @discardableResult
    static func expectManifestMatchesDisk(_ district: URL, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [String] {
        let manifest = try manifest(in: district)
        let entries = manifest.communes.flatMap(\.files) + [manifest.overview, manifest.order].compactMap { $0 }
        let sums = try sha256sums(entries.map(\.path), in: district)
        for file in entries {
            let size = ((try? FileManager.default.attributesOfItem(atPath: district.appending(file.path).path))?[.size] as? NSNumber)?
                .intValue
            #expect(
                size == file.bytes, "\(file.path): \(size.map(String.init) ?? "missing"), manifest says \(file.bytes) bytes",
                sourceLocation: sourceLocation)
            #expect(
                sums[file.path] == file.sha256, "\(file.path): sha256 on disk differs from the manifest", sourceLocation: sourceLocation)
        }
        return entries.map(\.path)
    }

    static func expectNoPartials(_ folder: URL, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let partials = folder.filesBelow().filter { $0.contains(".partial") || $0.contains(".mockhoa-tmp-") }
        #expect(partials.isEmpty, "left-over temporary files: \(partials)", sourceLocation: sourceLocation)
    }

    // MARK: Through the command

    @Test("batch of the sample: manifest checksums match the files, the overview names every commune; a re-run and --force change no byte")
    func batchRerunAndForce() throws {
        try withTemporaryFolder { dir in
            let first = try Tools.mockhoa(["batch", "--output", "out", "--jobs", "2"], in: dir)
            try #require(first.status == 0, "\(first)")
            #expect(first.stdout.contains(": 17 rendered, 0 unchanged, 0 failed"), "\(first)")
            #expect(
                first.stdout.contains("Total (17 communes)") && first.stdout.contains("25500") && first.stdout.contains("1428"),
                "the summary table: 17 × 1500 pcs, 17 × 84 sheets: \(first.stdout)")
            let district = dir.appending("out/can-giuoc")

            let manifest = try Self.manifest(in: district)
            let sample = try Inputs(dataPath: nil, template: nil).directory.communes
            #expect(manifest.communes.map(\.name) == sample.map(\.name))
            #expect(manifest.communes.count == 17 && manifest.totals.communes == 17 && manifest.totals.failed == 0)
            #expect(manifest.totals.pieces == 25500 && manifest.totals.sheets == 17 * 84)
            for entry in manifest.communes {
                #expect(
                    Set(entry.files.map(\.path)) == ["\(entry.slug)/sheet.pdf", "\(entry.slug)/front.png", "\(entry.slug)/back.png"],
                    "\(entry.name): \(entry.files.map(\.path))")
                #expect(entry.errors.isEmpty && entry.copiesPerSheet == 18 && entry.sheetsNeeded == 84)
            }
            let listed = try Self.expectManifestMatchesDisk(district)
            #expect(Set(district.filesBelow()) == Set(listed + ["manifest.json"]), "files on disk that the manifest does not list")
            #expect(manifest.overview?.path == "overview.pdf" && manifest.order?.path == "order.csv")

            let overview = try PDF.text(district.appending("overview.pdf"))
            for commune in sample { #expect(overview.contains(commune.name), "the overview lacks \(commune.name)") }
            for font in try PDF.fonts(district.appending("overview.pdf")) { #expect(font.embedded, "\(font.name) is not embedded") }
            // A sheet from the batch is a real sheet: 18 hotlines on its fronts.
            let sheet = district.appending("phuoc-lai/sheet.pdf")
            #expect(try PDF.text(sheet, pages: 1...1).components(separatedBy: "0272 3800 000").count - 1 == 18)
            #expect(try PDF.text(sheet, pages: 2...2).contains("Phước Vĩnh Đông: 0272 3800 005"))
            Self.expectNoPartials(dir)
            let before = try Self.snapshot(district)

            let second = try Tools.mockhoa(["batch", "--output", "out", "--jobs", "2"], in: dir)
            try #require(second.status == 0, "\(second)")
            #expect(second.stdout.contains(": 0 rendered, 17 unchanged, 0 failed"), "\(second)")
            #expect(second.stderr.components(separatedBy: "unchanged:").count - 1 == 17, "\(second)")
            #expect(Self.differences(before, try Self.snapshot(district)).isEmpty)

            let forced = try Tools.mockhoa(["batch", "--output", "out", "--jobs", "1", "--force"], in: dir)
            try #require(forced.status == 0, "\(forced)")
            #expect(forced.stdout.contains(": 17 rendered, 0 unchanged, 0 failed"), "\(forced)")
            #expect(Self.differences(before, try Self.snapshot(district)).isEmpty, "a forced re-render is not byte-identical")
            Self.expectNoPartials(dir)
        }
    }

    @Test("two folders, two job counts (2 and 1): the same bytes in every file")
    func foldersAndJobsGiveSameBytes() throws {
        try withTemporaryFolder { dir in
            let parallel = try Tools.mockhoa(["batch", "--output", "a", "--jobs", "2", "--quiet"], in: dir)
            try #require(parallel.status == 0, "\(parallel)")
            let serial = try Tools.mockhoa(["batch", "--output", "elsewhere/b", "--jobs", "1", "--quiet"], in: dir)
            try #require(serial.status == 0, "\(serial)")
            let a = try Self.snapshot(dir.appending("a/can-giuoc")), b = try Self.snapshot(dir.appending("elsewhere/b/can-giuoc"))
            #expect(a.count == 17 * 3 + 3)  // sheet and previews per commune; manifest, overview, order sheet
            let differing = Self.differences(a, b)
            #expect(differing.isEmpty, "\(differing.count) files differ: \(differing.prefix(10))")
        }
    }

    @Test("SVG previews from a batch are the same bytes with 2 jobs as with 1")
    func svgBatchIsReproducible() throws {
        try withTemporaryFolder { dir in
            let parallel = try Tools.mockhoa(["batch", "--output", "a", "--jobs", "2", "--formats", "svg", "--quiet"], in: dir)
            try #require(parallel.status == 0, "\(parallel)")
            let serial = try Tools.mockhoa(["batch", "--output", "b", "--jobs", "1", "--formats", "svg", "--quiet"], in: dir)
            try #require(serial.status == 0, "\(serial)")
            let a = try Self.snapshot(dir.appending("a/can-giuoc")), b = try Self.snapshot(dir.appending("b/can-giuoc"))
            #expect(a.keys.filter { $0.hasSuffix(".svg") }.count == 34)
            let differing = Self.differences(a, b)
            #expect(differing.isEmpty, "\(differing.count) files differ: \(differing.prefix(6))")
        }
    }

    @Test("stress: 60 generated communes, 2 jobs and 1 job, byte-identical")
    func stressParallelEqualsSerial() throws {
        try withTemporaryFolder { dir in
            try dir.appending("sixty.yaml").write(directoryYAML(communes: generatedCommunes(60)))
            let parallel = try Tools.mockhoa(
                ["batch", "--data", "sixty.yaml", "--output", "p", "--jobs", "2", "--formats", "pdf", "--quiet"], in: dir)
            try #require(parallel.status == 0, "\(parallel)")
            let serial = try Tools.mockhoa(
                ["batch", "--data", "sixty.yaml", "--output", "s", "--jobs", "1", "--formats", "pdf", "--quiet"], in: dir)
            try #require(serial.status == 0, "\(serial)")
            let p = try Self.snapshot(dir.appending("p/thu")), s = try Self.snapshot(dir.appending("s/thu"))
            // --formats pdf: the sheets and the manifest, no overview (it is a format of its own).
            #expect(p.count == 60 + 1 && p["overview.pdf"] == nil, "\(p.keys.filter { !$0.hasSuffix("sheet.pdf") })")
            #expect(try Self.manifest(in: dir.appending("p/thu")).formats == ["pdf"])
            let differing = Self.differences(p, s)
            #expect(differing.isEmpty, "\(differing.count) files differ: \(differing.prefix(10))")
            try Self.expectManifestMatchesDisk(dir.appending("p/thu"))
            #expect(try Self.manifest(in: dir.appending("p/thu")).communes.map(\.name) == generatedCommunes(60).map(\.name))
        }
    }

    @Test("a failed commune's error is written in the batch's language, not the process's")
    func errorsInTheBatchsLanguage() throws {
        try withTemporaryFolder { dir in
            let crowded = CommuneSpec(name: "Quá Tải", phone: "0272 3899 001", neighbours: (0..<30).map { "Láng Giềng Rất Xa Số \($0)" })
            let yaml = directoryYAML(
                communes: [crowded],
                outside: (0..<30).map { (name: "Láng Giềng Rất Xa Số \($0)", phone: String(format: "028 3800 %04d", $0)) })
            let loaded = try DirectoryLoader.load(yaml: yaml, path: dir.appending("d.yaml").path)
            let inputs = Inputs(directory: loaded.directory, template: try TemplateLoader.load("default"))
            let options = BatchOptions(
                output: dir.appending("out").path, jobs: 1, sheet: SheetSettings(options: SheetOptions(paper: .a4)),
                formats: [.pdf], force: true, date: Self.date, language: Language.current == .vi ? .en : .vi)
            let result = try BatchJob(inputs: inputs, options: options).run()
            let error = try #require(result.manifest.communes.first?.errors.first)
            #expect(error.contains(options.language == .vi ? "mặt back, dòng" : "back side, line"), "\(error)")
            #expect(result.manifest.language == options.language.rawValue)
        }
    }

    @Test("a commune's warnings are written in the manifest in the batch's language, not the process's")
    func warningsInTheBatchsLanguage() throws {
        try withTemporaryFolder { dir in
            let twice = CommuneSpec(name: "Hai Lần", phone: "0272 3899 001", neighbours: ["Nơi Xa", "Nơi Xa"])
            let yaml = directoryYAML(communes: [twice], outside: [(name: "Nơi Xa", phone: "028 3800 0001")])
            let loaded = try DirectoryLoader.load(yaml: yaml, path: dir.appending("d.yaml").path)
            let inputs = Inputs(directory: loaded.directory, template: try TemplateLoader.load("default"), warnings: loaded.warnings)
            let language: Language = Language.current == .vi ? .en : .vi
            let options = BatchOptions(
                output: dir.appending("out").path, jobs: 1, sheet: SheetSettings(options: SheetOptions(paper: .a4)),
                formats: [.pdf], force: true, date: Self.date, language: language)
            let warning = try #require(try BatchJob(inputs: inputs, options: options).run().manifest.communes.first?.warnings.first)
            #expect(warning.contains(Message("neighbour.twice", "Nơi Xa").text(in: language)), "\(warning)")
        }
    }

    @Test("a commune that does not fit fails by name; the others are rendered; the exit status says so")
    func failingCommuneAmongGoodOnes() throws {
        try withTemporaryFolder { dir in
            let communes = generatedCommunes(4)
            var crowded = CommuneSpec(
                name: "Quá Tải", phone: "0272 3899 001",
                neighbours: (0..<30).map { "Láng Giềng Rất Xa Số \($0)" })
            crowded.quantity = 100
            let yaml = directoryYAML(
                communes: [communes[0], communes[1], crowded, communes[2], communes[3]],
                outside: (0..<30).map { (name: "Láng Giềng Rất Xa Số \($0)", phone: String(format: "028 3800 %04d", $0)) })
            try dir.appending("mixed.yaml").write(yaml)
            let run = try Tools.mockhoa(["batch", "--data", "mixed.yaml", "--output", "out", "--jobs", "2"], in: dir)
            #expect(run.status == 1, "\(run)")
            #expect(run.hasNoCrashReport, "\(run)")
            #expect(run.stdout.contains(": 4 rendered, 0 unchanged, 1 failed"), "\(run)")
            let errors = run.stderrLines.filter { $0.hasPrefix("error:") }
            #expect(errors.count == 1 && errors[0].contains("commune \"Quá Tải\"") && errors[0].contains("back side, line"), "\(run)")

            let district = dir.appending("out/thu")
            let manifest = try Self.manifest(in: district)
            #expect(manifest.communes.count == 5 && manifest.totals.failed == 1)
            for entry in manifest.communes {
                if entry.name == "Quá Tải" {
                    #expect(!entry.errors.isEmpty && entry.files.isEmpty)
                    #expect(!district.appending(entry.slug).exists, "a failed commune leaves no folder")
                } else {
                    #expect(entry.errors.isEmpty && entry.files.count == 3, "\(entry.name)")
                }
            }
            try Self.expectManifestMatchesDisk(district)
            let overview = try PDF.text(district.appending("overview.pdf"))
            #expect(overview.contains("Quá Tải") && overview.contains("FAILED"), "\(overview)")
            Self.expectNoPartials(dir)

            // A second run tries the failed commune again (and only that one).
            let again = try Tools.mockhoa(["batch", "--data", "mixed.yaml", "--output", "out", "--jobs", "2"], in: dir)
            #expect(again.status == 1 && again.stdout.contains(": 0 rendered, 4 unchanged, 1 failed"), "\(again)")
        }
    }

    @Test("names with the same slug get their own folders; \"../../etc\" writes nothing outside the output folder")
    func slugsStayDistinctAndInside() throws {
        try withTemporaryFolder { dir in
            let work = dir.appending("deep/work")
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            let yaml = directoryYAML(communes: [
                CommuneSpec(name: "Phú An", phone: "0272 3800 001", neighbours: ["Phu An"]),
                CommuneSpec(name: "Phu An", phone: "0272 3800 002", neighbours: ["Phú An", "../../etc"]),
                CommuneSpec(name: "../../etc", phone: "0272 3800 003", neighbours: ["Phu An"]),
                CommuneSpec(name: "/", phone: "0272 3800 004", neighbours: []),
            ])
            try work.appending("slugs.yaml").write(yaml)
            let run = try Tools.mockhoa(
                ["batch", "--data", "slugs.yaml", "--output", "out", "--jobs", "2", "--formats", "pdf,svg"], in: work)
            #expect(run.status == 0, "\(run)")
            let district = work.appending("out/thu")
            let manifest = try Self.manifest(in: district)
            let slugs = manifest.communes.map(\.slug)
            #expect(Set(slugs).count == 4, "slugs must be distinct: \(slugs)")
            #expect(slugs.allSatisfy { !$0.contains("/") && !$0.contains("..") && !$0.isEmpty }, "\(slugs)")
            for entry in manifest.communes {
                #expect(entry.files.count == 3, "\(entry.name): \(entry.files.map(\.path))")
                // Each commune's own sheet is in its own folder.
                let text = try PDF.text(district.appending("\(entry.slug)/sheet.pdf"), pages: 2...2)
                #expect(text.contains("CA xã \(entry.name)"), "\(entry.slug)/sheet.pdf is not \(entry.name)'s:\n\(text)")
            }
            try Self.expectManifestMatchesDisk(district)

            // The default preview path is built from the slug too.
            let preview = try Tools.mockhoa(["preview", "--data", "slugs.yaml", "--commune", "../../etc"], in: work)
            #expect(preview.status == 0, "\(preview)")

            let outside = dir.filesBelow().filter {
                !$0.hasPrefix("deep/work/out/") && !$0.hasPrefix("deep/work/Output/") && $0 != "deep/work/slugs.yaml"
            }
            #expect(outside.isEmpty, "files written outside the output folders: \(outside)")
            #expect(!dir.appending("deep/etc").exists && !dir.appending("etc").exists && !work.appending("etc").exists)
        }
    }

    @Test("Ctrl-C during a 200-commune batch: exit 130, every listed file whole, no temporary left; a re-run finishes")
    func interruptedBatchResumes() throws {
        try withTemporaryFolder { dir in
            try dir.appending("big.yaml").write(directoryYAML(communes: generatedCommunes(200)))
            let started = try Tools.start(
                Tools.mockhoa,
                [
                    "batch", "--data", "big.yaml", "--output", "out", "--jobs", "1",
                    "--formats", "pdf,overview",
                ],
                in: dir, environment: ["SOURCE_DATE_EPOCH": Tools.sourceDateEpoch])
            let district = dir.appending("out/thu")
            let deadline = Date().addingTimeInterval(60)
            func communeFolders() -> [String] {
                ((try? FileManager.default.contentsOfDirectory(atPath: district.path)) ?? []).filter { !$0.contains(".") }
            }
            while communeFolders().count < 3 && started.process.isRunning && Date() < deadline { usleep(20_000) }
            let wasRunning = started.process.isRunning
            if wasRunning { started.process.interrupt() }  // SIGINT, as Ctrl-C sends
            let run = started.wait()
            try #require(wasRunning, "the batch ended before it could be interrupted: \(run)")
            #expect(run.status == 130 && !run.signalled, "\(run)")
            #expect(run.hasNoCrashReport, "\(run)")
            #expect(run.stderr.contains("interrupted:"), "\(run)")

            let manifest = try Self.manifest(in: district)
            let done = manifest.communes.count
            #expect((3..<200).contains(done), "\(done) communes recorded")
            #expect(manifest.overview == nil, "the overview is drawn from the communes laid out: an interrupted run has none")
            #expect(
                manifest.communes.map(\.name) == Array(generatedCommunes(200).map(\.name).prefix(done)),
                "with one job the communes are done in order")
            try Self.expectManifestMatchesDisk(district)
            Self.expectNoPartials(dir)
            let recorded = Set(manifest.communes.map(\.slug))
            #expect(
                Set(communeFolders()).isSubset(of: recorded),
                "folders of communes not in the manifest: \(Set(communeFolders()).subtracting(recorded))")
            let partialRun = try Self.snapshot(district)

            let rerun = try Tools.mockhoa(
                ["batch", "--data", "big.yaml", "--output", "out", "--jobs", "2", "--formats", "pdf,overview"], in: dir)
            try #require(rerun.status == 0, "\(rerun)")
            #expect(rerun.stdout.contains(": \(200 - done) rendered, \(done) unchanged, 0 failed"), "\(rerun.stdout.suffix(200))")
            let complete = try Self.manifest(in: district)
            #expect(complete.communes.count == 200 && complete.overview != nil)
            try Self.expectManifestMatchesDisk(district)
            Self.expectNoPartials(dir)
            let after = try Self.snapshot(district)
            for (path, bytes) in partialRun where path != "manifest.json" {
                #expect(after[path] == bytes, "\(path) changed although its commune was done before the interruption")
            }
        }
    }

    // MARK: Through the library

    static func options(_ output: URL, jobs: Int = 2, formats: Set<RenderFormat> = [.pdf], force: Bool = false) -> BatchOptions {
        BatchOptions(
            output: output.path, jobs: jobs, sheet: SheetSettings(options: SheetOptions(paper: .a4)),
            formats: formats, force: force, date: date, language: .en)
    }

    @Test("a changed phone re-renders that commune and those that list it as a neighbour, nothing else")
    func changedPhoneRerendersOnlyWhatShowsIt() throws {
        try withTemporaryFolder { dir in
            let data = dir.appending("can-giuoc.yaml")
            try data.write(DirectoryLoader.sampleYAML)
            let out = dir.appending("out")

            let first = try BatchJob(inputs: Inputs(dataPath: data.path, template: nil), options: Self.options(out)).run()
            #expect(first.rendered == 17 && first.skipped == 0 && first.failed == 0 && !first.interrupted)
            let before = try Self.snapshot(first.folder)

            let second = try BatchJob(inputs: Inputs(dataPath: data.path, template: nil), options: Self.options(out)).run()
            #expect(second.skipped == 17 && second.rendered == 0)
            #expect(Self.differences(before, try Self.snapshot(second.folder)).isEmpty)

            let sample = DirectoryLoader.sampleYAML
            #expect(sample.components(separatedBy: "\"0272 3800 003\"").count == 2, "Phước Lại's number occurs once")
            try data.write(sample.replacingOccurrences(of: "\"0272 3800 003\"", with: "\"0272 3800 099\""))
            let inputs = try Inputs(dataPath: data.path, template: nil)
            let expected = Set(
                inputs.directory.communes.filter { c in
                    c.name == "Phước Lại" || c.neighbourNames.contains { NameKey($0) == NameKey("Phước Lại") }
                }.map(\.name))
            #expect(expected.count == 7)

            let reports = Collected<BatchProgress>()
            let third = try BatchJob(inputs: inputs, options: Self.options(out)).run(progress: { reports.append($0) })
            let rendered = Set(reports.all.filter { if case .rendered = $0.outcome { true } else { false } }.map(\.commune))
            #expect(rendered == expected)
            #expect(third.rendered == 7 && third.skipped == 10 && third.failed == 0)

            let after = try Self.snapshot(third.folder)
            let slugs = Dictionary(uniqueKeysWithValues: third.manifest.communes.map { ($0.name, $0.slug) })
            for (name, slug) in slugs {
                let path = "\(slug)/sheet.pdf"
                if expected.contains(name) {
                    #expect(before[path] != after[path], "\(name)'s sheet should change")
                } else {
                    #expect(before[path] == after[path], "\(name)'s sheet should not change")
                }
            }
            #expect(before["overview.pdf"] != after["overview.pdf"], "the overview shows Phước Lại's keychain")
            #expect(try PDF.text(third.folder.appending("phuoc-lai/sheet.pdf"), pages: 2...2).contains("0272 3800 099"))
            #expect(try PDF.text(third.folder.appending("can-giuoc/sheet.pdf"), pages: 2...2).contains("Phước Lại: 0272 3800 099"))
            try Self.expectManifestMatchesDisk(third.folder)
        }
    }

    @Test("what only the overview, order sheet or slug line print counts too: a new province redraws every commune, a new kind one")
    func overviewTextsCountAsInputs() throws {
        try withTemporaryFolder { dir in
            let data = dir.appending("can-giuoc.yaml")
            try data.write(DirectoryLoader.sampleYAML)
            let out = dir.appending("out")
            _ = try BatchJob(inputs: Inputs(dataPath: data.path, template: nil), options: Self.options(out)).run()
            // The issuer's title (on the overview and proofs) holds the province.
            let renamed = DirectoryLoader.sampleYAML.replacingOccurrences(of: "  province: Long An\n", with: "  province: Tây Ninh\n")
            #expect(renamed != DirectoryLoader.sampleYAML)
            try data.write(renamed)
            let moved = try BatchJob(inputs: Inputs(dataPath: data.path, template: nil), options: Self.options(out)).run()
            #expect(moved.rendered == 17 && moved.skipped == 0)
            #expect(try PDF.text(moved.folder.appending("overview.pdf"), pages: 1...1).contains("Tây Ninh"))
            // A commune's kind is in the order sheet.
            let inputs = try Inputs(dataPath: data.path, template: nil)
            let first = inputs.directory.communes[1]
            let line = "    kind: \(first.kind.rawValue)\n"
            let start = try #require(renamed.range(of: "name: \(first.name)\n"))
            let kind = try #require(renamed.range(of: line, range: start.upperBound..<renamed.endIndex))
            try data.write(renamed.replacingCharacters(in: kind, with: "    kind: phường\n"))
            let kinds = try BatchJob(inputs: Inputs(dataPath: data.path, template: nil), options: Self.options(out)).run()
            #expect(kinds.rendered == 1 && kinds.skipped == 16, "\(kinds.rendered) rendered")
        }
    }

    @Test("a cancelled library run records only what it finished; the next run does the rest")
    func cancelledRunResumes() throws {
        try withTemporaryFolder { dir in
            let out = dir.appending("out")
            let inputs = try Inputs(dataPath: nil, template: nil)
            let reports = Collected<BatchProgress>()
            let first = try BatchJob(inputs: inputs, options: Self.options(out, jobs: 1))
                .run(isCancelled: { reports.all.count >= 3 }, progress: { reports.append($0) })
            #expect(first.interrupted)
            #expect(first.manifest.communes.count == reports.all.count && first.manifest.communes.count == 3)
            // The overview is drawn from the communes' sides as the workers lay them out: an
            // interrupted run records none (the re-run makes it).
            #expect(first.manifest.overview == nil && first.overviewError == nil)
            #expect(try Self.manifest(in: first.folder) == first.manifest)
            try Self.expectManifestMatchesDisk(first.folder)

            let second = try BatchJob(inputs: inputs, options: Self.options(out, jobs: 2)).run()
            #expect(!second.interrupted && second.skipped == 3 && second.rendered == 14)
            #expect(second.manifest.communes.map(\.name) == inputs.directory.communes.map(\.name))
            #expect(second.manifest.overview != nil && second.folder.appending("overview.pdf").exists)
            try Self.expectManifestMatchesDisk(second.folder)
            Self.expectNoPartials(dir)
        }
    }
}
