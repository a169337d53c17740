// swift-tools-version:6.0
import Foundation
import PackageDescription

/// The name the system's loader knows libqpdf by, which the PDF step opens when it first needs
/// it (Sources/CQPDF): its soname, the shortest `libqpdf.so.N…` beside the file that the -dev
/// package's `libqpdf.so` leads to (libqpdf.so.29 on Debian 12, libqpdf.so.30 on Debian 13).
/// Read when the package is built, so that no version is written into the code.
let qpdfLibrary: String = {
    let pkgConfig = Process(), output = Pipe()
    pkgConfig.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    pkgConfig.arguments = ["pkg-config", "--variable=libdir", "libqpdf"]
    pkgConfig.standardOutput = output
    guard (try? pkgConfig.run()) != nil else { return "libqpdf.so" }
    let folder = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        .trimmingCharacters(in: .whitespacesAndNewlines)
    pkgConfig.waitUntilExit()
    func file(_ name: String) -> URL { URL(fileURLWithPath: folder + "/" + name).resolvingSymlinksInPath() }
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    // With no -dev package, no name: the build stops at qpdf's missing headers instead.
    return names.filter { $0.hasPrefix("libqpdf.so.") && file($0) == file("libqpdf.so") }
        .min { $0.count < $1.count } ?? "libqpdf.so"
}()

let package = Package(
    name: "mockhoa",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mockhoa", targets: ["mockhoa"]),
        .library(name: "Mockhoa", targets: ["Mockhoa"]),
        // The model and its readers alone, for the fuzz targets in Fuzz/.
        .library(name: "MockhoaCore", targets: ["MockhoaCore"]),
        .library(name: "MockhoaServer", targets: ["MockhoaServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // C libraries from Debian's -dev packages (scripts/setup installs them).
        .systemLibrary(name: "CCairo", pkgConfig: "pangocairo",
                       providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]),
        .systemLibrary(name: "CQREncode", pkgConfig: "libqrencode",
                       providers: [.apt(["libqrencode-dev"])]),
        // SVG pictures (librsvg) and PNG/JPEG pictures (gdk-pixbuf, which librsvg brings).
        .systemLibrary(name: "CRsvg", pkgConfig: "librsvg-2.0", providers: [.apt(["librsvg2-dev"])]),
        // qpdf's headers only: libqpdf is opened when a PDF step needs it (Sources/CQPDF).
        .target(name: "CQPDF", cSettings: [.define("CQPDF_LIBRARY", to: "\"\(qpdfLibrary)\"")]),
        .systemLibrary(name: "CFlate", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CAllocator"),  // glibc's <malloc.h>
        // The command line as glibc hands it to the program, /proc mounted or not.
        .target(name: "CArguments"),
        .target(name: "CClipper", linkerSettings: [.linkedLibrary("polyclipping")]),  // libpolyclipping-dev

        // Pure model, loading, layout and imposition: no C, testable without Cairo.
        .target(name: "MockhoaCore", dependencies: [
            "CClipper",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ], resources: [
            .embedInCode("Assets/default.yaml"), .embedInCode("Assets/ward.yaml"), .embedInCode("Assets/round.yaml"),
            .embedInCode("Assets/compact.yaml"), .embedInCode("Assets/slogan.yaml"), .embedInCode("Assets/tricolour.yaml"), .embedInCode("Assets/mould.yaml"),
            .embedInCode("Assets/can-giuoc-2018.yaml"), .embedInCode("Assets/tay-ninh-2025.yaml"),
            .embedInCode("Assets/phu-xuan-2025.yaml"),
            .embedInCode("Messages/en.catalogue"), .embedInCode("Messages/vi.catalogue"),
        ]),
        // The only module that touches C: Cairo/Pango drawing, text measuring, QR, PNG output, the PDF step (qpdf), pictures (librsvg, gdk-pixbuf).
        .target(name: "MockhoaRender", dependencies: ["MockhoaCore", "CCairo", "CQREncode", "CQPDF", "CFlate", "CRsvg"]),
        // Jobs behind the commands: preview, sheet, check, batch; safe file output.
        .target(name: "Mockhoa", dependencies: ["MockhoaCore", "MockhoaRender"]),
        // `mockhoa serve`: the local web page and its JSON API (Hummingbird), page assets embedded.
        .target(name: "MockhoaServer", dependencies: [
            "Mockhoa",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ], resources: [
            .embedInCode("Assets/index.html"), .embedInCode("Assets/app.js"), .embedInCode("Assets/design.js"),
            .embedInCode("Assets/app.css"), .embedInCode("Assets/openapi.yaml"),
        ]),
        // The thin command line.
        .executableTarget(name: "mockhoa", dependencies: [
            "Mockhoa", "MockhoaServer", "CAllocator", "CArguments", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], path: "Sources/MockhoaCLI"),  // not Sources/mockhoa: it would collide with Sources/Mockhoa on case-insensitive disks

        .testTarget(name: "MockhoaCoreTests", dependencies: [
            "MockhoaCore", .product(name: "ZIPFoundation", package: "ZIPFoundation"),  // to make damaged workbooks
        ], exclude: ["Fixtures"]),
        .testTarget(name: "MockhoaRenderTests", dependencies: ["MockhoaRender"]),
        .testTarget(name: "MockhoaTests", dependencies: ["Mockhoa"], exclude: ["Golden"]),  // golden files, read by path
        .testTarget(name: "MockhoaServerTests", dependencies: [
            "MockhoaServer", .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
    ]
)
