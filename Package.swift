// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "mockhoa",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mockhoa", targets: ["mockhoa"]),
        .library(name: "Mockhoa", targets: ["Mockhoa"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // C libraries from Debian's -dev packages (scripts/setup installs them).
        .systemLibrary(name: "CCairo", pkgConfig: "pangocairo",
                       providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]),
        .systemLibrary(name: "CQREncode", pkgConfig: "libqrencode",
                       providers: [.apt(["libqrencode-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),

        // Pure model, loading, layout and imposition: no C, testable without Cairo.
        .target(name: "MockhoaCore", dependencies: [
            .product(name: "Yams", package: "Yams"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ], resources: [
            .embedInCode("Assets/default.yaml"), .embedInCode("Assets/ward.yaml"),
            .embedInCode("Assets/can-giuoc-2018.yaml"), .embedInCode("Assets/tay-ninh-2025.yaml"),
            .embedInCode("Assets/phu-xuan-2025.yaml"),
            .embedInCode("Messages/en.catalogue"), .embedInCode("Messages/vi.catalogue"),
        ]),
        // The only module that touches C: Cairo/Pango drawing, text measuring, QR, PNG and PDF output.
        .target(name: "MockhoaRender", dependencies: ["MockhoaCore", "CCairo", "CQREncode", "CPNG"]),
        // Jobs behind the commands: preview, sheet, check, batch; safe file output.
        .target(name: "Mockhoa", dependencies: ["MockhoaCore", "MockhoaRender"]),
        // The thin command line.
        .executableTarget(name: "mockhoa", dependencies: [
            "Mockhoa", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], path: "Sources/MockhoaCLI"),  // not Sources/mockhoa: it would collide with Sources/Mockhoa on case-insensitive disks

        .testTarget(name: "MockhoaCoreTests", dependencies: [
            "MockhoaCore", .product(name: "ZIPFoundation", package: "ZIPFoundation"),  // to make damaged workbooks
        ], exclude: ["Fixtures"]),
        .testTarget(name: "MockhoaRenderTests", dependencies: ["MockhoaRender"]),
        .testTarget(name: "MockhoaTests", dependencies: ["Mockhoa"]),
    ]
)
