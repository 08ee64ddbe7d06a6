// swift-tools-version: 6.1
import PackageDescription

// Where theorycheck is published; scripts/example-consumer-check sets THEORYCHECK_PACKAGE_URL to a
// tagged local clone. Replace the default with the repository's address.
let theorycheck = Context.environment["THEORYCHECK_PACKAGE_URL"] ?? "https://example.invalid/theorycheck.git"

let package = Package(
    name: "PropertyCheckExample",
    platforms: [.macOS(.v15)],
    dependencies: [.package(url: theorycheck, from: "0.1.0")],
    targets: [
        .target(name: "PropertyCheckExample"),
        .testTarget(name: "PropertyCheckExampleTests", dependencies: [
            "PropertyCheckExample",
            .product(name: "PropertyCheck", package: "theorycheck"),
            .product(name: "PropertyCheckTesting", package: "theorycheck"),
        ]),
    ]
)
