import Foundation
import Mockhoa
import Synchronization

/// At most as many renders at once as there are workers (one per core); the rest wait in line,
/// each for at most its time limit. A burst of requests makes the page slower, never the server
/// fall over. Each worker owns a `KeychainRenderer` (its own Pango and Cairo objects, its layout
/// cache) and is handed to one job at a time.
final class RenderPool: Sendable {
    /// A worker's renderer, used by one job at a time (the pool guarantees it).
    final class Worker: @unchecked Sendable {
        let renderer: KeychainRenderer
        let queue: DispatchQueue
        init(inputs: Inputs, index: Int) {
            renderer = KeychainRenderer(inputs: inputs)
            queue = DispatchQueue(label: "mockhoa.render.\(index)")
        }
    }

    /// No worker came free within the time limit.
    struct Busy: Error {}

    private struct State {
        var free: [Worker]
        var waiting: [(id: Int, continuation: CheckedContinuation<Worker, Error>)] = []
        var nextID = 0
    }

    private let state: Mutex<State>
    let size: Int

    init(workers: Int, inputs: Inputs) {
        size = max(1, workers)
        state = Mutex(State(free: (0..<size).map { Worker(inputs: inputs, index: $0) }))
    }

    /// Runs `body` on a free worker's thread, waiting at most `limit` for one.
    func run<T: Sendable>(limit: Duration, _ body: @Sendable @escaping (KeychainRenderer) throws -> T) async throws -> T {
        let worker = try await acquire(limit: limit)
        defer { release(worker) }
        return try await withCheckedThrowingContinuation { continuation in
            worker.queue.async { continuation.resume(with: Result { try body(worker.renderer) }) }
        }
    }

    private func acquire(limit: Duration) async throws -> Worker {
        let id = state.withLock { s in
            defer { s.nextID += 1 }; return s.nextID
        }
        return try await withCheckedThrowingContinuation { continuation in
            let ready: Worker? = state.withLock { s in
                if let worker = s.free.popLast() { return worker }
                s.waiting.append((id, continuation))
                return nil
            }
            if let ready { continuation.resume(returning: ready); return }
            Task { [weak self] in
                try? await Task.sleep(for: limit)
                let expired = self?.state.withLock { s -> CheckedContinuation<Worker, Error>? in
                    guard let i = s.waiting.firstIndex(where: { $0.id == id }) else { return nil }
                    return s.waiting.remove(at: i).continuation
                }
                expired?.resume(throwing: Busy())
            }
        }
    }

    private func release(_ worker: Worker) {
        let next = state.withLock { s -> CheckedContinuation<Worker, Error>? in
            guard !s.waiting.isEmpty else { s.free.append(worker); return nil }
            return s.waiting.removeFirst().continuation
        }
        next?.resume(returning: worker)
    }
}
