// swift-tools-version: 6.1
// theorycheck: claims of deep-learning initialisation theory, checked numerically.
// Toolchain only: no package dependencies.
import PackageDescription

/// Numeric targets are compiled optimised even in the debug configuration that `swift test`
/// builds: debug builds of numeric loops run 10-100x slower, which would shrink the evidence a CI
/// minute buys. `-Ounchecked` drops overflow and `precondition` checks, so input validation in
/// these targets uses `fatalError`-based checks (see `Sources/Numerics/Core/Validation.swift`),
/// which survive it. On x86_64 the Haswell target enables AVX2 + FMA (without it SIMD fused
/// multiply-add becomes a library call per lane); other architectures get the compiler default.
var optimisedNumerics: [SwiftSetting] {
    #if arch(x86_64)
    return [.unsafeFlags(["-Ounchecked", "-target-cpu", "haswell"])]
    #else
    return [.unsafeFlags(["-Ounchecked"])]
    #endif
}

let package = Package(
    name: "theorycheck",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Numerics", targets: ["Numerics"]),
        .library(name: "PropertyCheck", targets: ["PropertyCheck"]),
        .library(name: "Theory", targets: ["Theory"]),
        .library(name: "Fixtures", targets: ["Fixtures"]),
        .library(name: "Reports", targets: ["Reports"]),
        .executable(name: "theorycheck", targets: ["theorycheck"]),
        .executable(name: "numerics-bench", targets: ["NumericsBench"]),
    ],
    targets: [
        // Prefetch and spin-wait hints (a C header: Swift has no way to emit these instructions).
        .target(name: "CPUHints", exclude: ["README.md"]),
        .target(name: "Numerics", dependencies: ["CPUHints"], exclude: ["README.md"], swiftSettings: optimisedNumerics),
        .target(name: "PropertyCheck", dependencies: ["Numerics"], exclude: ["README.md"], swiftSettings: optimisedNumerics),
        // Thin adapter: turns a CheckReport into a Swift Testing issue (the core never imports Testing).
        .target(name: "PropertyCheckTesting", dependencies: ["PropertyCheck"]),
        .target(name: "Theory", dependencies: ["Numerics", "PropertyCheck", "Fixtures"], exclude: ["README.md"], swiftSettings: optimisedNumerics),
        .target(name: "Fixtures", exclude: ["README.md"]),
        // Sweeps (experiment registry, shards, merge) and reports (SVG figures, CSV, markdown) behind
        // the command-line tool, as a library so that they are tested.
        .target(name: "Reports", dependencies: ["Numerics", "PropertyCheck", "Theory"]),
        .executableTarget(name: "theorycheck", dependencies: ["Numerics", "PropertyCheck", "Theory", "Fixtures", "Reports"]),
        .executableTarget(
            name: "NumericsBench", dependencies: ["Numerics"], path: "Benchmarks/NumericsBench",
            swiftSettings: optimisedNumerics),
        .testTarget(name: "NumericsTests", dependencies: ["Numerics", "PropertyCheck", "PropertyCheckTesting"]),
        .testTarget(name: "PropertyCheckTests", dependencies: ["PropertyCheck", "PropertyCheckTesting", "Numerics"]),
        .testTarget(name: "PropertyTests", dependencies: ["Theory", "PropertyCheck", "PropertyCheckTesting", "Numerics"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Numerics", "PropertyCheck"]),
        .testTarget(name: "Regression", dependencies: ["Fixtures", "Theory", "Numerics"]),
    ]
)
