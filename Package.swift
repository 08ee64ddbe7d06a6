// swift-tools-version: 6.1
// theorycheck: claims of deep-learning initialisation theory, checked numerically.
// Toolchain only: no package dependencies.
//
// Layers (each depends only on those above it; no cycles):
//   PropertyCheckStatistics → PropertyCheck (+ PropertyCheckTesting)     public, no unsafe flags
//   CPUHints → NumericsKernels512 → Numerics → MatrixGenerators/Datasets → Experiments → Fixtures/Theory → Reports → theorycheck
//                                                                          internal to this package
//
// Public products are the property-testing harness and the statistics it decides with. They are
// built without `unsafeFlags`, because SwiftPM refuses those in any package that is depended on by
// version; `scripts/example-consumer-check` (run by CI) proves that a package can depend on them
// with `from:` and fails if a public product ever reaches a target with unsafe flags. Everything
// else (the numerics core, the papers' claims, the reports) is internal: it may change at any time
// and is reached through the `theorycheck` command, not as a library.
import PackageDescription

/// Internal numeric targets are compiled optimised even in the debug configuration that `swift test`
/// builds: debug builds of numeric loops run 10-100x slower, which would shrink the evidence a CI
/// minute buys. `-Ounchecked` drops overflow and `precondition` checks, so input validation in
/// these targets uses the `fatalError`-based `require` (see `Sources/PropertyCheckStatistics/Core/Validation.swift`),
/// which survives it. On x86_64 the Haswell target enables AVX2 + FMA (without it SIMD fused
/// multiply-add becomes a library call per lane); other architectures get the compiler default.
var optimisedNumerics: [SwiftSetting] {
    #if arch(x86_64)
    return [.unsafeFlags(["-Ounchecked", "-target-cpu", "haswell"])]
    #else
    return [.unsafeFlags(["-Ounchecked"])]
    #endif
}

/// The 512-bit GEMM micro-kernel module is compiled for Skylake-AVX512, the oldest AVX-512 target
/// (AVX-512 F/VL/BW/DQ, the x86-64-v4 level, which the run-time check requires), on x86_64; Numerics enters it only after `cpu_has_avx512()` says the running processor can
/// execute it, so the package still runs on AVX2-only machines. Elsewhere it compiles as portable
/// SIMD code that is never called.
var optimisedKernels512: [SwiftSetting] {
    #if arch(x86_64)
    return [.unsafeFlags(["-Ounchecked", "-target-cpu", "skylake-avx512"])]
    #else
    return [.unsafeFlags(["-Ounchecked"])]
    #endif
}

let package = Package(
    name: "theorycheck",
    platforms: [.macOS(.v15)],
    products: [
        // MARK: Public API (semantic versioning: see "Use PropertyCheck in your package" in README.md)
        // The harness: generators, shrinking, replay, statistical and scaling-law checks, reports.
        .library(name: "PropertyCheck", targets: ["PropertyCheck"]),
        // Turns a failed check into a Swift Testing issue; for test targets only.
        .library(name: "PropertyCheckTesting", targets: ["PropertyCheckTesting"]),
        // Seeded random streams, distributions, special functions, intervals, tests and fits
        // (re-exported by PropertyCheck; a product of its own for packages that want only these).
        .library(name: "PropertyCheckStatistics", targets: ["PropertyCheckStatistics"]),
        // MARK: Executables
        .executable(name: "theorycheck", targets: ["theorycheck"]),
        .executable(name: "numerics-bench", targets: ["NumericsBench"]),
    ],
    targets: [
        // MARK: Public targets (no unsafe flags: they must build as a versioned dependency)

        // Random streams, special functions, distributions and statistics, `require`. Plain debug
        // builds here; the suite's hot calls (normal draws, norms) are `@inlinable`, so the
        // optimised internal targets compile their own copies.
        .target(name: "PropertyCheckStatistics", exclude: ["README.md"]),
        // The property-testing harness: generators, shrinking, replay, statistical and scaling-law
        // decisions, negative controls. Knows nothing of any paper, nor of matrices.
        .target(name: "PropertyCheck", dependencies: ["PropertyCheckStatistics"], exclude: ["README.md"]),
        // Thin adapter: turns a CheckReport into a Swift Testing issue (the core never imports Testing).
        .target(name: "PropertyCheckTesting", dependencies: ["PropertyCheck"]),

        // MARK: Internal targets, bottom layer first (not products; may change without notice)

        // Prefetch and spin-wait hints (a C header: Swift has no way to emit these instructions).
        .target(name: "CPUHints", exclude: ["README.md"]),
        // The 512-bit GEMM micro-kernel alone (compiled for an AVX-512 CPU; entered only after a
        // run-time check).
        .target(name: "NumericsKernels512", dependencies: ["CPUHints"], swiftSettings: optimisedKernels512),
        // Matrices, GEMM, decompositions, random matrices, the thread pool; re-exports
        // PropertyCheckStatistics.
        .target(name: "Numerics", dependencies: ["CPUHints", "NumericsKernels512", "PropertyCheckStatistics"], exclude: ["README.md"],
                swiftSettings: optimisedNumerics),
        // PropertyCheck generators of Numerics matrices (Gaussian, Haar orthogonal).
        .target(name: "MatrixGenerators", dependencies: ["Numerics", "PropertyCheck"]),
        // Real data sets read from fixtures/data, checked by SHA-256 before use (the digits).
        .target(name: "Datasets", dependencies: ["Numerics"], exclude: ["README.md"]),
        // Generic experiment grids: cells and their seeds, shards, merge, figure descriptions.
        .target(name: "Experiments", dependencies: ["Numerics", "PropertyCheck"], exclude: ["README.md"]),
        // Regression fixture format, store and comparison.
        .target(name: "Fixtures", exclude: ["README.md"]),
        // The papers' models and claims, one folder per claim family, one file per claim.
        .target(name: "Theory", dependencies: ["Numerics", "PropertyCheck", "MatrixGenerators", "Datasets", "Experiments", "Fixtures"],
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
        .testTarget(name: "NumericsTests", dependencies: ["Numerics", "PropertyCheck", "PropertyCheckTesting", "MatrixGenerators"]),
        .testTarget(name: "PropertyCheckTests", dependencies: ["PropertyCheck", "PropertyCheckTesting", "Numerics", "MatrixGenerators"]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "PropertyCheck", "Theory"]),
        // Tests of the Theory module: its models and every claim of the catalogue.
        .testTarget(name: "PropertyTests", dependencies: ["Theory", "PropertyCheck", "PropertyCheckTesting", "Numerics", "Experiments", "Reports"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Experiments", "Theory", "Numerics", "PropertyCheck"]),
        .testTarget(name: "Regression", dependencies: ["Fixtures", "Theory", "Numerics"]),
        .testTarget(name: "TheorycheckCLITests", dependencies: ["theorycheck"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "Numerics"]),
    ]
)
