// Backup.swift — encrypted backup files: the whole store or one profile sealed with a passphrase
// (Argon2id) or a random key (`tsk1-…`), as bytes the app saves where the family chooses.
//
// Restoring creates or merges each profile; a wrong passphrase or key, or a changed file, is
// `ApiError.WrongBackupSecret` and nothing is written. Sealing with a passphrase takes about a
// second: it runs on the store's worker like every other call.

import Foundation
import TsunaguFFI

public extension ProfileStore {
    /// A backup of profile `only` (every profile when `nil`) sealed with `secret`. A passphrase
    /// under 8 characters: `ApiError.InvalidBackupKey`.
    func createBackup(_ secret: BackupSecret, only: String? = nil) async throws -> Data {
        try await worker.run { [inner] in try inner.createBackup(only: only, secret: secret) }
    }

    /// Restores `backup` opened with `secret` (creating or merging each profile). Wrong secret or a
    /// changed file: `ApiError.WrongBackupSecret`; the other kind of secret:
    /// `ApiError.BackupSecretKind`; not a backup: `ApiError.NotABackup`. On error nothing changes.
    func restoreBackup(_ backup: Data, with secret: BackupSecret) async throws -> [ImportResult] {
        try await worker.run { [inner] in try inner.restoreBackup(bytes: backup, secret: secret) }
    }
}

/// Backup keys and files, without a store.
public enum Backup {
    /// A fresh random backup key in its text form (`tsk1-…`), to show, print or put in a QR code.
    public static func generateKey() throws -> String {
        try generateBackupKey()
    }

    /// How `backup` is sealed (which secret to ask for); not a backup: `ApiError.NotABackup`.
    public static func sealing(of backup: Data) throws -> BackupSealing {
        try backupSealing(bytes: backup)
    }
}
