import Foundation
import Testing
@testable import Mockhoa
import MockhoaCore
import MockhoaRender

/// Behaviour added after review: dates in the resume hash, a failed overview, refreshed
/// warnings, the render date's source, format checks.
struct ReviewFixesTests {
    @Test("a run with another render date renders every commune again: the date is printed in the files")
    func anotherDateRendersAgain() throws {
        try withTemporaryFolder { dir in
            let inputs = try Inputs(dataPath: nil, template: nil)
            var options = BatchTests.options(dir.appending("out"))
            let first = try BatchJob(inputs: inputs, options: options).run()
            #expect(first.rendered == 17)
            #expect(try BatchJob(inputs: inputs, options: options).run().skipped == 17)
            options.date = "2030-01-01"
            let later = try BatchJob(inputs: inputs, options: options).run()
            #expect(later.rendered == 17 && later.skipped == 0)
            let sheet = later.folder.appending("phuoc-lai/sheet.pdf")
            #expect(try PDF.text(sheet).contains("2030-01-01"))
        }
    }

    @Test("an overview that cannot be written is reported; the manifest still records every commune")
    func failedOverviewKeepsTheManifest() throws {
        try withTemporaryFolder { dir in
            let inputs = try Inputs(dataPath: nil, template: nil)
            let out = dir.appending("out")
            let folder = out.appending("can-giuoc")
            try FileManager.default.createDirectory(at: folder.appending("overview.pdf"), withIntermediateDirectories: true)
            let result = try BatchJob(inputs: inputs, options: BatchTests.options(out)).run()
            #expect(result.overviewError != nil)
            #expect(result.rendered == 17)
            let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: folder.appending("manifest.json")))
            #expect(manifest.communes.count == 17 && manifest.overview == nil)
        }
    }

    @Test("a skipped commune's entry carries this run's warnings, not the last run's")
    func skippedEntriesAreRefreshed() throws {
        try withTemporaryFolder { dir in
            // Tân Kim lists Phước Lại only one way round: a warning.
            let oneSided = DirectoryLoader.sampleYAML.replacingOccurrences(
                of: "neighbours: [Cần Giuộc, Long Hậu, Phước Lại, Trường Bình, Mỹ Lộc, Qui Đức, Đa Phước]",
                with: "neighbours: [Cần Giuộc, Long Hậu, Phước Lại, Trường Bình, Mỹ Lộc, Qui Đức, Đa Phước, Long An]")
            try #require(oneSided != DirectoryLoader.sampleYAML)
            let data = dir.appending("d.yaml")
            try oneSided.write(to: data, atomically: true, encoding: .utf8)
            let out = dir.appending("out")
            let warned = try BatchJob(inputs: Inputs(dataPath: data.path, template: nil), options: BatchTests.options(out)).run()
            #expect(warned.manifest.communes.contains { !$0.warnings.isEmpty })
            // Fixing the other side changes Long An's back (a new neighbour), so compare Tân Kim only.
            try DirectoryLoader.sampleYAML.write(to: data, atomically: true, encoding: .utf8)
            let fixed = try BatchJob(inputs: Inputs(dataPath: data.path, template: nil), options: BatchTests.options(out)).run()
            let tanKim = try #require(fixed.manifest.communes.first { $0.slug == "tan-kim" })
            #expect(tanKim.warnings.isEmpty)
        }
    }

    @Test("SOURCE_DATE_EPOCH sets the date; anything but seconds is an error")
    func renderDate() throws {
        #expect(try RenderDate.current(environment: ["SOURCE_DATE_EPOCH": "1700000000"]) == "2023-11-14")
        #expect(throws: RenderDate.InvalidDate.self) { try RenderDate.current(environment: ["SOURCE_DATE_EPOCH": "yesterday"]) }
    }

    @Test("--format and -o must agree; sheets are pdf or png")
    func formatAndExtensionAgree() throws {
        try withTemporaryFolder { dir in
            let mismatch = try Tools.mockhoa(["preview", "--commune", "Long Hậu", "--format", "png", "-o", "x.pdf"], in: dir)
            #expect(mismatch.status != 0 && mismatch.stderr.contains("--format is png"), "\(mismatch)")
            #expect(!dir.appending("x.pdf").exists)
            let svgSheet = try Tools.mockhoa(["sheet", "--commune", "Long Hậu", "-o", "x.svg"], in: dir)
            #expect(svgSheet.status != 0, "\(svgSheet)")
            // A name whose extension is no format takes --format as it is.
            let versioned = try Tools.mockhoa(["preview", "--commune", "Long Hậu", "--format", "png", "-o", "proof.v2"], in: dir)
            #expect(versioned.status == 0 && dir.appending("proof.v2").exists, "\(versioned)")
            #expect(svgSheet.stderr.contains("writes only pdf, png"), "\(svgSheet)")
            let huge = try Tools.mockhoa(["sheet", "--commune", "Long Hậu", "--paper", "5000x5000mm", "-o", "x.pdf"], in: dir)
            #expect(huge.status != 0 && huge.stderr.contains("too large"), "\(huge)")
        }
    }

    @Test("check names the data file and line of a commune that does not fit")
    func checkPointsAtTheCommune() throws {
        try withTemporaryFolder { dir in
            let crowded = DirectoryLoader.sampleYAML.replacingOccurrences(
                of: "    phone: \"0272 3800 003\"",
                with: "    phone: \"0272 3800 003\"\n    checkpoints: ["
                    + (1...12).map { "{name: Chốt số \($0) ngã tư, phone: \"0912 345 6\(String(format: "%02d", $0))\"}" }.joined(
                        separator: ", ") + "]")
            try #require(crowded != DirectoryLoader.sampleYAML)
            try crowded.write(to: dir.appending("d.yaml"), atomically: true, encoding: .utf8)
            let run = try Tools.mockhoa(["check", "--data", "d.yaml"], in: dir)
            #expect(run.status != 0, "\(run)")
            #expect(run.stderr.contains("d.yaml:") && run.stderr.contains("commune \"Phước Lại\""), "\(run)")
        }
    }
}
