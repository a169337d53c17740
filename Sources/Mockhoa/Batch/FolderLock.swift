import Foundation
import MockhoaCore

/// An exclusive lock on a batch's output folder (`flock` on the folder itself, so no lock file
/// is left in it), so two batches never write the same folder at once and leave a mix that
/// matches neither manifest. The lock ends with `release()` or with the process.
final class FolderLock {
    private var fd: Int32

    /// Takes the lock of `folder`, waiting up to `wait` seconds for another holder to finish;
    /// past that, throws an `OutputError` that names the holder's process.
    init(_ folder: URL, wait: Double) throws(OutputError) {
        fd = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw OutputError(path: folder.path, reason: Message("lock.cannot", SystemError.describe(errno))) }
        let deadline = Date().addingTimeInterval(wait)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let reason = SystemError.describe(errno)
                release()
                throw OutputError(path: folder.path, reason: Message("lock.cannot", reason))
            }
            guard Date() < deadline else {
                let holder = holderProcess()
                release()
                throw OutputError(path: folder.path, reason: holder.map { Message("lock.heldBy", Int($0)) } ?? Message("lock.held"))
            }
            usleep(100_000)
        }
    }

    /// Gives the lock up (also done when the process ends).
    func release() {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
    }

    deinit { release() }

    /// The process holding the lock, from Linux's `/proc/locks` (nil elsewhere or when gone):
    /// its lines read `1: FLOCK  ADVISORY  WRITE <pid> <major>:<minor>:<inode> 0 EOF`.
    private func holderProcess() -> Int32? {
        var info = stat()
        guard fstat(fd, &info) == 0, let locks = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else { return nil }
        for line in locks.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, fields[1] == "FLOCK", fields[3] == "WRITE",
                fields[5].split(separator: ":").last.flatMap({ UInt64($0) }) == UInt64(info.st_ino)
            else { continue }
            return Int32(fields[4])
        }
        return nil
    }
}
