// ProfileStore.swift — the app's handle on the profiles kept on this device.
//
// Wraps the generated `TsunaguStore` (one SQLite file holding every child's profile). Every call
// is `async` and runs on the store's own serial worker, never on the caller's thread: the core
// writes and fsyncs before an edit returns, so an edit whose `await` returned is durable.
// Errors are the generated `ApiError` (typed, content-free); on every error nothing changed.

import Foundation
import TsunaguFFI

/// The profiles on this device (several children), in one store file.
public final class ProfileStore: @unchecked Sendable {
    // @unchecked: `inner` is thread-safe (the core serializes calls on its one connection), and
    // every call goes through the serial `worker`.
    let inner: TsunaguStore
    let worker: Worker
    private let observers = ChangeObservers()
    /// The file the store lives in.
    public let url: URL

    private init(inner: TsunaguStore, worker: Worker, url: URL) {
        self.inner = inner
        self.worker = worker
        self.url = url
    }

    /// Opens (creating or migrating if needed) the store file at `url`.
    public static func open(at url: URL) async throws -> ProfileStore {
        let worker = Worker(label: "jp.tsunagu.store")
        let path = url.path
        let inner = try await worker.run { try TsunaguStore.open(path: path) }
        return ProfileStore(inner: inner, worker: worker, url: url)
    }

    /// Opens the store in the app's Application Support folder (`tsunagu/profiles.sqlite3`),
    /// creating the folder if needed and keeping it out of iCloud backups: health data leaves
    /// the device only end-to-end encrypted, through sync.
    public static func openDefault() async throws -> ProfileStore {
        let base = try FileManager.default.url(
            for: .applicationSupportDirectory, in: .userDomainMask, appropriateFor: nil, create: true)
        var folder = base.appendingPathComponent("tsunagu", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var values = URLResourceValues()
        values.isExcludedFromBackup = true
        try? folder.setResourceValues(values)
        return try await open(at: folder.appendingPathComponent("profiles.sqlite3"))
    }

    /// Every profile on this device, sorted by kana reading, then name, then id.
    public func profiles() async throws -> [ProfileListItem] {
        try await worker.run { [inner] in try inner.list() }
    }

    /// Creates a profile holding the fictional demo child; returns its id.
    public func createSample(author: String) async throws -> String {
        try await worker.run { [inner] in try inner.createSample(author: author) }
    }

    /// Creates an empty profile; returns its id.
    public func createEmpty(author: String) async throws -> String {
        try await worker.run { [inner] in try inner.createEmpty(author: author) }
    }

    /// Creates a profile from its JSON form; returns its id.
    public func create(json: String, author: String) async throws -> String {
        try await worker.run { [inner] in try inner.createFromJson(json: json, author: author) }
    }

    /// The profile `id` as JSON (the form `create(json:author:)` reads), for edit forms.
    public func profileJSON(_ id: String) async throws -> String {
        try await worker.run { [inner] in try inner.profileJson(id: id) }
    }

    /// The profile `id` decoded into any `Decodable` shape the app defines for a form.
    public func profile<Shape: Decodable>(_ id: String, as shape: Shape.Type) async throws -> Shape {
        let json = try await profileJSON(id)
        return try JSONDecoder().decode(Shape.self, from: Data(json.utf8))
    }

    /// Applies `edits` to profile `id` as one change by `author`; durable once this returns.
    /// Returns the change hash, or nil when the edits changed nothing. On error nothing is written.
    @discardableResult
    public func edit(_ id: String, _ edits: [EditOp], author: String) async throws -> String? {
        let hash = try await worker.run { [inner] in try inner.edit(id: id, edits: edits, author: author) }
        if hash != nil { await observers.notify(id) }
        return hash
    }

    /// Names this device in profile `id`: `name` (required, at most 40 characters) with `role`
    /// (`母`/`mother`, `父`, `訪問看護師`, `コーディネーター`, `医師`, `支援者`, or any text). The
    /// other members see it (members, history) through the encrypted document only. Until a
    /// device has a name, `edit` throws `ApiError.DeviceNameMissing`.
    public func setDeviceName(_ id: String, name: String, role: String? = nil) async throws {
        try await worker.run { [inner] in try inner.setDeviceName(id: id, name: name, role: role) }
        await observers.notify(id)
    }

    /// This device's name and role in profile `id`, or nil before `setDeviceName`.
    public func deviceName(_ id: String) async throws -> DeviceNameInfo? {
        try await worker.run { [inner] in try inner.deviceName(id: id) }
    }

    /// The fields of `section` (`child`, `devices`) of profile `id` with their current values
    /// (each entity's fields for a collection); `EditForm` renders them.
    public func formValues(_ id: String, section: String) async throws -> [FilledFieldInfo] {
        try await worker.run { [inner] in try inner.formValues(id: id, section: section) }
    }

    /// The change log of profile `id`, newest first.
    public func history(_ id: String) async throws -> [HistoryItem] {
        try await worker.run { [inner] in try inner.history(id: id) }
    }

    /// Who last changed the field or entity at `path` of profile `id`, and when (nil when the
    /// path was never written).
    public func provenance(_ id: String, path: String) async throws -> ProvenanceInfo? {
        try await worker.run { [inner] in try inner.provenance(id: id, path: path) }
    }

    /// Fields of profile `id` whose values differ after concurrent edits on two devices, each
    /// with every value, who wrote it and when. Show them as "values differ — check" until resolved.
    public func reviewItems(_ id: String) async throws -> [ReviewEntry] {
        try await worker.run { [inner] in try inner.reviewItems(id: id) }
    }

    /// Keeps value number `choice` (from 0) of the field at `path` of profile `id`, by `author`:
    /// a new change every device then agrees on.
    @discardableResult
    public func resolveReview(_ id: String, path: String, choice: Int, author: String) async throws -> String? {
        let hash = try await worker.run { [inner] in
            try inner.resolveReview(id: id, path: path, choice: UInt32(choice), author: author)
        }
        await observers.notify(id)
        return hash
    }

    /// Profile `id` as an export file (the family's backup of one child).
    public func export(_ id: String) async throws -> Data {
        let bytes = try await worker.run { [inner] in try inner.export(id: id) }
        return Data(bytes)
    }

    /// Imports an export file: creates the profile, or merges into it. Foreign bytes are refused
    /// with `ApiError` and nothing changes.
    public func `import`(_ file: Data) async throws -> ImportResult {
        let result = try await worker.run { [inner] in try inner.import(bytes: file) }
        await observers.notify(result.id)
        return result
    }

    /// Calls `observer` with a profile's id after each change made through this store object
    /// (edits that changed something, imports), and awaits it before the edit returns, so what
    /// it publishes is ordered before anything the caller does next. SyncSession uses it to
    /// refresh sync status.
    func addChangeObserver(_ observer: @escaping @Sendable (String) async -> Void) {
        observers.add(observer)
    }
}

/// Callbacks run after local changes. Thread-safe.
final class ChangeObservers: @unchecked Sendable {
    // @unchecked: every access to `observers` holds `lock`.
    private let lock = NSLock()
    private var observers: [@Sendable (String) async -> Void] = []

    func add(_ observer: @escaping @Sendable (String) async -> Void) {
        lock.lock()
        defer { lock.unlock() }
        observers.append(observer)
    }

    func notify(_ profileId: String) async {
        for observer in snapshot() { await observer(profileId) }
    }

    /// The observers now (a synchronous function: locks may not be held across an await).
    private func snapshot() -> [@Sendable (String) async -> Void] {
        lock.lock()
        defer { lock.unlock() }
        return observers
    }
}
