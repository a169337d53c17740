// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets, one per reader of untrusted input. Built only by scripts/fuzz, with
// `-sanitize=fuzzer` in a scratch folder of their own (.build-fuzz). Each is an executable whose
// Swift main hands its test to libFuzzer (`LLVMFuzzerRunDriver`).
let core = Target.Dependency.product(name: "MockhoaCore", package: "mockhoa")
// The library with the render module in it, for the picture reader (MockhoaRender).
let library = Target.Dependency.product(name: "Mockhoa", package: "mockhoa")
let package = Package(
    name: "mockhoa-fuzz",
    dependencies: [.package(name: "mockhoa", path: "..")],
    targets: [
        .target(name: "CFuzzDriver"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzDriver"]),
        .executableTarget(name: "fuzz-directory", dependencies: ["FuzzSupport", core]),
        .executableTarget(name: "fuzz-csv", dependencies: ["FuzzSupport", core]),
        .executableTarget(name: "fuzz-template", dependencies: ["FuzzSupport", core]),
        .executableTarget(name: "fuzz-phone", dependencies: ["FuzzSupport", core]),
        .executableTarget(name: "fuzz-workbook", dependencies: ["FuzzSupport", core]),
        .executableTarget(name: "fuzz-picture", dependencies: ["FuzzSupport", library]),
    ]
)
