// Worker.swift — runs blocking calls into the Rust core off the caller's thread.
//
// Store calls do SQLite and file I/O (every edit is fsynced before it returns), so they must never
// run on the main thread, and should not block Swift's cooperative thread pool either. Each
// ProfileStore owns one serial queue: calls run in the order they were made, one at a time, which
// is also how the core serializes them on its one connection.

import Dispatch

/// A serial queue that runs blocking work and resumes the awaiting task with its result.
final class Worker: @unchecked Sendable {
    // @unchecked: the only state is a DispatchQueue, which is itself thread-safe.
    private let queue: DispatchQueue

    /// A worker whose queue is labelled `label` (visible in Instruments and crash logs).
    init(label: String) {
        queue = DispatchQueue(label: label, qos: .userInitiated)
    }

    /// Runs `body` on the queue and returns (or throws) what it does.
    func run<T>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try body() })
            }
        }
    }
}
