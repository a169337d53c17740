import CCairo

/// The SHA-256 of `bytes` as lower-case hex (GLib's implementation: already linked).
public func sha256Hex(_ bytes: [UInt8]) -> String {
    let digest = bytes.withUnsafeBufferPointer { buffer in
        g_compute_checksum_for_data(G_CHECKSUM_SHA256, buffer.baseAddress, gsize(buffer.count))
    }
    defer { g_free(digest) }
    return String(cString: digest!)
}
