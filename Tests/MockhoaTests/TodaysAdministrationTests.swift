import Foundation
import Testing
@testable import Mockhoa
import MockhoaCore

/// The 2025 samples rendered and read back as a user would, and the command line in both
/// languages.
struct TodaysAdministrationTests {
    @Test("every commune of the built-in samples fits, with each template that suits it")
    func everySampleFits() throws {
        for (sample, template) in [
            ("tay-ninh-2025", "default"), ("phu-xuan-2025", "default"), ("phu-xuan-2025", "ward"),
            ("can-giuoc-2018", "default"),
        ] {
            let inputs = try Inputs(dataPath: sample, template: template)
            let report = KeychainRenderer(inputs: inputs).check()
            #expect(!report.hasErrors, "\(sample) with \(template): \(report.diagnostics)")
            #expect(report.communes == inputs.directory.communes.count)
        }
    }

    @Test("the Tây Ninh keychain names the province's police and its QR dials the province's hotline")
    func tayNinhPreview() throws {
        try withTemporaryFolder { dir in
            let run = try Tools.mockhoa(["preview", "--data", "tay-ninh-2025", "--commune", "can giuoc", "-o", "cg.pdf"], in: dir)
            try #require(run.status == 0, "\(run)")
            let text = try PDF.text(dir.appending("cg.pdf"))
            #expect(text.contains("Trực ban CA tỉnh Tây Ninh"))
            #expect(text.contains("CA xã Cần Giuộc"))
            #expect(text.contains("Đường dây nóng: 0769.00.00.00"))
            #expect(text.contains("Trưởng Công an xã: 0912 000 013"))
            let png = try Tools.mockhoa(
                [
                    "preview", "--data", "tay-ninh-2025", "--commune", "Tân Tập", "--side", "front",
                    "-o", "tt.png",
                ], in: dir)
            try #require(png.status == 0, "\(png)")
            let decoded = try Tools.run("zbarimg", ["--raw", "-q", "tt.png"], in: dir)
            #expect(decoded.stdout.split(separator: "\n").map(String.init) == ["tel:+842763800000"])
        }
    }

    @Test("a ward as its own issuer: the ward template's front and back")
    func wardExample() throws {
        try withTemporaryFolder { dir in
            let run = try Tools.mockhoa(
                [
                    "preview", "--data", "phu-xuan-2025", "--template", "ward", "--commune", "Phú Xuân",
                    "-o", "ward.pdf",
                ], in: dir)
            try #require(run.status == 0, "\(run)")
            let text = try PDF.text(dir.appending("ward.pdf"))
            #expect(text.contains("CÔNG AN PHƯỜNG PHÚ XUÂN"))
            #expect(text.contains("0234 3800 000"))
            #expect(text.contains("Trưởng Công an phường: 0905.000.000"))
            #expect(text.contains("TỐ GIÁC TỘI PHẠM"))
        }
    }

    @Test("samples are listed, printed by name, and an unknown one is an error")
    func samplesByName() throws {
        try withTemporaryFolder { dir in
            let list = try Tools.mockhoa(["samples"], in: dir)
            #expect(list.status == 0 && list.stdout.contains("tay-ninh-2025") && list.stdout.contains("phu-xuan-2025"))
            let printed = try Tools.mockhoa(["sample", "tay-ninh-2025"], in: dir)
            #expect(printed.stdout == BuiltInSample.named("tay-ninh-2025")?.yaml)
            let unknown = try Tools.mockhoa(["sample", "ha-noi"], in: dir)
            #expect(unknown.status != 0 && unknown.stderr.contains("no built-in sample \"ha-noi\""))
            let version = try Tools.mockhoa(["--version"], in: dir)
            #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == MockhoaVersion.current)
        }
    }

    @Test("templates are listed a line each, printed as shipped, and an unknown one is an error naming them")
    func templatesByName() throws {
        try withTemporaryFolder { dir in
            let list = try Tools.mockhoa(["templates"], in: dir)
            let lines = list.stdout.split(separator: "\n")
            #expect(list.status == 0 && lines.count == TemplateLoader.builtInNames.count)
            #expect(BuiltInTemplate.all.allSatisfy { !$0.summary.isEmpty && !$0.summary.contains("\n") })
            // Name, then the summary in a column as wide as the longest name.
            let column = TemplateLoader.builtInNames.map(\.count).max()! + 2
            #expect(
                lines.first.map(String.init)
                    == "default".padding(toLength: column, withPad: " ", startingAt: 0)
                    + "The red 60 × 40 mm oval of Cần Giuộc (2018): the duty desk and a QR code, the commune and its neighbours.")
            #expect(
                lines.contains {
                    $0.hasPrefix(
                        "ward".padding(toLength: column, withPad: " ", startingAt: 0) + "A ward's or commune's own keychain (2025)")
                })
            let printed = try Tools.mockhoa(["template", "ward"], in: dir)
            let shipped = try String(contentsOf: Tools.packageRoot.appending("Templates/ward.yaml"), encoding: .utf8)
            #expect(printed.status == 0 && printed.stdout == shipped)
            let start = dir.appending("mine.yaml")
            try Data(printed.stdout.utf8).write(to: start)
            #expect(try Tools.mockhoa(["check", "--data", "phu-xuan-2025", "--template", start.path], in: dir).status == 0)
            let unknown = try Tools.mockhoa(["template", "round-ish"], in: dir)
            #expect(unknown.status == 1 && unknown.stdout.isEmpty)
            let names = TemplateLoader.builtInNames.joined(separator: ", ")
            #expect(unknown.stderr == "error: no built-in template \"round-ish\"; the templates are: \(names)\n")
            let vi = try Tools.mockhoa(["template", "tron", "--lang", "vi"], in: dir)
            #expect(vi.stderr == "lỗi: không có mẫu móc khóa \"tron\"; các mẫu là: \(names)\n")
        }
    }

    @Test("messages are Vietnamese under a Vietnamese locale or --lang vi, English otherwise")
    func bothLanguages() throws {
        try withTemporaryFolder { dir in
            let vi = try Tools.mockhoa(["check", "--data", "missing.yaml"], in: dir, environment: ["LC_ALL": "vi_VN.UTF-8"])
            #expect(vi.status == 1 && vi.stderr == "missing.yaml: lỗi: không tìm thấy tệp\n")
            let flag = try Tools.mockhoa(["check", "--lang", "vi"], in: dir)
            #expect(flag.stdout.hasPrefix("tốt: 17 đơn vị, mỗi đơn vị 2 mặt, mọi dòng đều vừa"))
            let en = try Tools.mockhoa(
                ["check", "--data", "missing.yaml", "--lang", "en"], in: dir,
                environment: ["LC_ALL": "vi_VN.UTF-8"])
            #expect(en.stderr == "missing.yaml: error: file not found\n")
            let help = try Tools.mockhoa(["batch", "--help"], in: dir, environment: ["LANG": "vi_VN.UTF-8", "LC_ALL": ""])
            #expect(help.stdout.contains("Xuất mọi đơn vị"))
            let bad = try Tools.mockhoa(["check", "--lang", "fr"], in: dir)
            #expect(bad.status != 0 && bad.stderr.contains("--lang takes vi or en"))
        }
    }
}
