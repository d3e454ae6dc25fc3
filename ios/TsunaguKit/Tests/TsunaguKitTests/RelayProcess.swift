// RelayProcess.swift — a real tsunagu-relay process on loopback for the sync tests.
//
// The relay binary comes from the host Rust build (scripts/test-swift copies it next to the
// library and names it in TSUNAGU_RELAY_BIN). It listens on 127.0.0.1 port 0; the port the kernel
// gave it is read from its "relay listening" JSON log line on stderr, so tests never race for a
// fixed port. iOS has no subprocesses: there the sync tests fail with `notConfigured`; run the
// package's tests with `swift test` on macOS or Linux (scripts/test-swift).

import Foundation

#if os(macOS) || os(Linux)
/// A relay process started for one test and stopped (SIGTERM) when the test ends.
final class RelayProcess {
    /// `http://127.0.0.1:PORT`.
    let url: String
    private let process: Process

    private init(url: String, process: Process) {
        self.url = url
        self.process = process
    }

    /// Starts the relay with its database in `folder`.
    static func start(in folder: URL) throws -> RelayProcess {
        guard let binary = ProcessInfo.processInfo.environment["TSUNAGU_RELAY_BIN"] else {
            // Not a skip: a sync test that silently did not run would be a test that cannot fail.
            throw RelayStartError.notConfigured
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "--listen", "127.0.0.1:0",
            "--db", folder.appendingPathComponent("relay.sqlite3").path,
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["RUST_LOG"] = "info"
        process.environment = environment
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()

        // Read stderr until the listening line; give up when the process exits first.
        let handle = stderr.fileHandleForReading
        var buffer = Data()
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty {
                process.waitUntilExit()
                throw RelayStartError.exited(status: process.terminationStatus)
            }
            buffer.append(chunk)
            let text = String(decoding: buffer, as: UTF8.self)
            for line in text.split(separator: "\n") where line.contains("relay listening") {
                if let address = addr(in: String(line)) {
                    // Keep draining stderr so the relay never blocks on a full pipe.
                    handle.readabilityHandler = { h in _ = h.availableData }
                    return RelayProcess(url: "http://\(address)", process: process)
                }
            }
        }
    }

    /// The value of the `"addr":"HOST:PORT"` field of a JSON log line.
    private static func addr(in line: String) -> String? {
        guard let data = line.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let fields = object["fields"] as? [String: Any],
              let addr = fields["addr"] as? String
        else { return nil }
        return addr
    }

    /// Stops the relay and waits for it to exit.
    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}
#else
/// No subprocesses on this platform: every sync test fails with `notConfigured`.
final class RelayProcess {
    let url = ""
    static func start(in folder: URL) throws -> RelayProcess { throw RelayStartError.notConfigured }
    func stop() {}
}
#endif

/// Why the relay did not start.
enum RelayStartError: Error {
    /// TSUNAGU_RELAY_BIN is not set (run the tests through scripts/test-swift), or this platform
    /// cannot start processes (iOS).
    case notConfigured
    /// It exited (with this status) before it said it was listening.
    case exited(status: Int32)
}
