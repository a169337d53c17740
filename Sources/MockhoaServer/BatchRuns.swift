import Foundation
import Mockhoa
import MockhoaCore
import Synchronization
import ZIPFoundation

/// Batches started from the page: `BatchJob` into a private temporary folder, then the folder
/// as a ZIP (sheets, previews, overview and manifest). Progress is kept for the page to poll;
/// one batch runs at a time, and only the last few are kept.
final class BatchRuns: Sendable {
    struct Status: Codable, Sendable {
        enum State: String, Codable, Sendable { case running, done, failed }
        var id: String
        var state: State
        var done: Int
        var total: Int
        var failed: Int
        var error: String?
    }

    private struct Run {
        var status: Status
        var zip: URL?
    }

    private let runs = Mutex<[String: Run]>([:])
    private let order = Mutex<[String]>([])
    private let busy = Mutex(false)
    /// A folder of this server's own (mode 0700, a name no one can guess), made at the first batch.
    private let root = Mutex<URL?>(nil)
    static let kept = 4

    /// The batches' folder, made when first needed.
    private func folder() throws -> URL {
        try root.withLock { root in
            if let root { return root }
            var template = Array(FileManager.default.temporaryDirectory.appendingPathComponent("mockhoa-serve-XXXXXX").path.utf8CString)
            guard mkdtemp(&template) != nil else { throw CocoaError(.fileWriteUnknown) }
            let made = URL(fileURLWithPath: String(cString: template))
            root = made
            return made
        }
    }

    /// Starts `job` unless one is running; nil when one is.
    /// - Throws: when the temporary folder cannot be made.
    func start(_ job: @escaping @Sendable (URL) -> BatchJob) throws -> Status? {
        let root = try folder()
        guard
            busy.withLock({ running in
                defer { running = true }; return !running
            })
        else { return nil }
        let id = UUID().uuidString.lowercased()
        let folder = root.appendingPathComponent(id)
        let batch = job(folder)
        let status = Status(id: id, state: .running, done: 0, total: batch.inputs.directory.communes.count, failed: 0)
        runs.withLock { $0[id] = Run(status: status) }
        let dropped: [String] = order.withLock { order in
            order.append(id)
            return order.count > Self.kept ? Array(order.prefix(order.count - Self.kept)) : []
        }
        order.withLock { $0.removeFirst(dropped.count) }
        for old in dropped {
            runs.withLock { _ = $0.removeValue(forKey: old) }
            try? FileManager.default.removeItem(at: root.appendingPathComponent(old))
        }
        Thread.detachNewThread { [self] in
            defer { busy.withLock { $0 = false } }
            do {
                let result = try batch.run(progress: { progress in
                    self.runs.withLock { runs in
                        runs[id]?.status.done = progress.done
                        if case .failed = progress.outcome { runs[id]?.status.failed += 1 }
                    }
                })
                let zip = folder.appendingPathComponent(result.folder.lastPathComponent + ".zip")
                try FileManager.default.zipItem(at: result.folder, to: zip, shouldKeepParent: true)
                runs.withLock {
                    $0[id]?.status.state = .done; $0[id]?.zip = zip
                }
            } catch {
                runs.withLock {
                    $0[id]?.status.state = .failed; $0[id]?.status.error = describe(error, in: batch.options.language)
                }
            }
        }
        return status
    }

    func status(_ id: String) -> Status? { runs.withLock { $0[id]?.status } }

    /// The finished ZIP of batch `id`.
    func zip(_ id: String) -> URL? { runs.withLock { $0[id]?.zip } }

    /// Removes every batch's files (at shutdown).
    func removeAll() {
        root.withLock { root in
            if let root { try? FileManager.default.removeItem(at: root) }
            root = nil
        }
    }
}
