import CQREncode
import MockhoaCore

/// QR codes from libqrencode: byte mode, error correction level M, smallest version that fits.
public struct QREncoder: QREncoding {
    public init() {}

    /// The symbol of `payload`; throws `QREncodingFailed` when it is too long.
    public func encode(_ payload: String) throws -> QRCode {
        guard let symbol = QRcode_encodeString8bit(payload, 0, QR_ECLEVEL_M) else {
            throw QREncodingFailed(payload: payload)
        }
        defer { QRcode_free(symbol) }
        let width = Int(symbol.pointee.width)
        let data = UnsafeBufferPointer(start: symbol.pointee.data, count: width * width)
        return QRCode(size: width, modules: data.map { $0 & 1 == 1 }, payload: payload)
    }
}

/// libqrencode could not encode the payload (too long for any QR version).
public struct QREncodingFailed: MessageError {
    public var payload: String
    public var asMessage: Message { Message("qr.tooLong", payload.utf8.count) }
}
