// swift-tools-version:5.9
// TsunaguKit: the Rust core of Tsunagu for Swift apps. Three targets, inner to outer:
//
// - TsunaguFFIFFI: the C library (tsunagu-ffi) and its uniffi header.
//   On Apple platforms: build/TsunaguFFIFFI.xcframework, made on macOS by
//   ios/scripts/build-xcframework. On Linux: a system-library target over the host build of
//   libtsunagu_ffi.so (scripts/test-swift passes its folder with -Xlinker -L).
// - TsunaguFFI: the uniffi-generated Swift (git-ignored; ios/scripts/generate-swift writes it).
// - TsunaguKit: the idiomatic wrapper the app uses (async/await, AsyncStream, typed edits).
// - TsunaguCallCost: a harness timing generated-Swift calls (scripts/test-swift --bench).
import PackageDescription

#if os(Linux)
let cLibrary: Target = .systemLibrary(name: "TsunaguFFIFFI", path: "Sources/TsunaguFFIFFI")
#else
let cLibrary: Target = .binaryTarget(name: "TsunaguFFIFFI", path: "build/TsunaguFFIFFI.xcframework")
#endif

let package = Package(
    name: "TsunaguKit",
    platforms: [.iOS(.v16), .macOS(.v13)],
    products: [
        .library(name: "TsunaguKit", targets: ["TsunaguKit"]),
    ],
    targets: [
        cLibrary,
        .target(
            name: "TsunaguFFI",
            dependencies: ["TsunaguFFIFFI"],
            path: "Sources/TsunaguFFI",
            exclude: ["README.md"]
        ),
        .target(
            name: "TsunaguKit",
            dependencies: ["TsunaguFFI"],
            path: "Sources/TsunaguKit"
        ),
        // scripts/test-swift --bench: the call-cost harness (not a test, asserts nothing).
        .executableTarget(
            name: "TsunaguCallCost",
            dependencies: ["TsunaguFFI"],
            path: "Sources/TsunaguCallCost"
        ),
        .testTarget(
            name: "TsunaguKitTests",
            dependencies: ["TsunaguKit"],
            path: "Tests/TsunaguKitTests"
        ),
    ]
)
