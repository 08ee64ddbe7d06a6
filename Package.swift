// swift-tools-version: 6.1
// theorycheck: claims of deep-learning initialisation theory, checked numerically.
// Toolchain only: no package dependencies.
//
// Layers (each depends only on those above it; no cycles):
//   CPUHints → Numerics → PropertyCheck (+ PropertyCheckTesting) → Experiments → Fixtures/Theory
//   → Reports → theorycheck (command line)
import PackageDescription

/// Numeric targets are compiled optimised even in the debug configuration that `swift test`
/// builds: debug builds of numeric loops run 10-100x slower, which would shrink the evidence a CI
/// minute buys. `-Ounchecked` drops overflow and `precondition` checks, so input validation in
/// these targets uses the `fatalError`-based `require` (see `Sources/Numerics/Core/Validation.swift`),
/// which survives it. On x86_64 the Haswell target enables AVX2 + FMA (without it SIMD fused
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
        // MARK: Public API
        .library(name: "Numerics", targets: ["Numerics"]),
        .library(name: "PropertyCheck", targets: ["PropertyCheck"]),
        .library(name: "PropertyCheckTesting", targets: ["PropertyCheckTesting"]),
        .library(name: "Theory", targets: ["Theory"]),
        // MARK: Executables
        .executable(name: "theorycheck", targets: ["theorycheck"]),
        .executable(name: "numerics-bench", targets: ["NumericsBench"]),
    ],
    targets: [
        // MARK: Implementation, bottom layer first

        // Prefetch and spin-wait hints (a C header: Swift has no way to emit these instructions).
        .target(name: "CPUHints", exclude: ["README.md"]),
        // Matrices, random streams, GEMM, decompositions, special functions, statistics.
        .target(name: "Numerics", dependencies: ["CPUHints"], exclude: ["README.md"], swiftSettings: optimisedNumerics),
        // The property-testing harness: generators, shrinking, replay, statistical and scaling-law
        // decisions, negative controls. Knows nothing of any paper.
        .target(name: "PropertyCheck", dependencies: ["Numerics"], exclude: ["README.md"], swiftSettings: optimisedNumerics),
        // Thin adapter: turns a CheckReport into a Swift Testing issue (the core never imports Testing).
        .target(name: "PropertyCheckTesting", dependencies: ["PropertyCheck"]),
        // Generic experiment grids: cells and their seeds, shards, merge, figure descriptions.
        .target(name: "Experiments", dependencies: ["Numerics", "PropertyCheck"], exclude: ["README.md"]),
        // Regression fixture format, store and comparison.
        .target(name: "Fixtures", exclude: ["README.md"]),
        // The papers' models and claims, one folder per claim family, one file per claim.
        .target(name: "Theory", dependencies: ["Numerics", "PropertyCheck", "Experiments", "Fixtures"],
                exclude: ["README.md"], swiftSettings: optimisedNumerics),
        // Rendering only: verdict table, report.md, CSV, SVG figures.
        .target(name: "Reports", dependencies: ["Numerics", "PropertyCheck", "Experiments", "Theory"], exclude: ["README.md"]),

        // MARK: Executables
        .executableTarget(name: "theorycheck",
                          dependencies: ["Numerics", "PropertyCheck", "Experiments", "Theory", "Fixtures", "Reports"]),
        .executableTarget(
            name: "NumericsBench", dependencies: ["Numerics"], path: "Benchmarks/NumericsBench",
            swiftSettings: optimisedNumerics),

        // MARK: Tests (one target per module they test)
        .testTarget(name: "NumericsTests", dependencies: ["Numerics", "PropertyCheck", "PropertyCheckTesting"]),
        .testTarget(name: "PropertyCheckTests", dependencies: ["PropertyCheck", "PropertyCheckTesting", "Numerics"]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "PropertyCheck", "Theory"]),
        // Tests of the Theory module: its models and every claim of the catalogue.
        .testTarget(name: "PropertyTests", dependencies: ["Theory", "PropertyCheck", "PropertyCheckTesting", "Numerics", "Experiments"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Experiments", "Theory", "Numerics", "PropertyCheck"]),
        .testTarget(name: "Regression", dependencies: ["Fixtures", "Theory", "Numerics"]),
        .testTarget(name: "TheorycheckCLITests", dependencies: ["theorycheck"]),
    ]
)
