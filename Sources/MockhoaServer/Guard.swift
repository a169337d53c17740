import Foundation
import HTTPTypes
import Hummingbird

/// What every request passes before it reaches a route: the access token, the host name, the
/// body limit and the kind of request that may change state. It also turns every error into
/// the API's one error shape (`{"error": "…"}`) with headers that keep the page's content inert.
struct Guard<Inner: HTTPResponder>: HTTPResponder where Inner.Context == BasicRequestContext {
    let inner: Inner
    /// Required on every request when set.
    let token: String?
    /// The host names a loopback server without a token answers to (no DNS rebinding).
    let loopbackOnly: Bool
    let bodyLimit: Int

    /// The message for a body over the limit.
    var tooLarge: String {
        let limit = bodyLimit >= 1024 * 1024 ? "\(bodyLimit / 1024 / 1024) MB" : "\(bodyLimit / 1024) KB"
        return "the request is larger than the limit of \(limit)"
    }

    static var tokenHeader: HTTPField.Name { HTTPField.Name("X-Mockhoa-Token")! }
    static var cookieName: String { "mockhoa-token" }

    func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        var response: Response
        do {
            try check(request)
            response = try await inner.respond(to: request, context: context)
            // The address printed at start carries the token once; the browser keeps it as a cookie
            // (images and downloads send no header).
            if let token, request.uri.queryParameters.get("token") == token {
                response.headers[.setCookie] = "\(Self.cookieName)=\(token); Path=/; HttpOnly; SameSite=Strict"
            }
        } catch let error as APIError {
            response = error.response
        } catch let error as HTTPError {
            response = APIError(error.status, error.body ?? error.status.reasonPhrase).response
        } catch let error as HTTPResponseError {  // a body over the limit while it is read, say
            let message = error.status == .contentTooLarge
                ? tooLarge : error.status.reasonPhrase
            response = APIError(error.status, message).response
        } catch is RenderPool.Busy {
            response = APIError(.serviceUnavailable, "the server is busy drawing: try again in a moment").response
            response.headers[.retryAfter] = "2"
        } catch {
            response = APIError(.internalServerError, "\(error)").response
        }
        response.headers[.init("X-Content-Type-Options")!] = "nosniff"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        response.headers[.contentSecurityPolicy] =
            "default-src 'self'; img-src 'self' data: blob:; script-src 'self'; style-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
        return response
    }

    private func check(_ request: Request) throws(APIError) {
        if let token {
            guard presentedToken(request).map({ constantTimeEqual($0, token) }) == true else {
                throw APIError(.unauthorized, "an access token is needed: open the address the server printed")
            }
        } else if loopbackOnly {
            let host = (request.head.authority ?? "").lowercased()
            let name = host.hasPrefix("[") ? String(host.prefix { $0 != "]" }) + "]" : String(host.prefix { $0 != ":" })
            guard ["127.0.0.1", "localhost", "[::1]"].contains(name) else {
                throw APIError(.forbidden, "this server answers to 127.0.0.1 and localhost only")
            }
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > bodyLimit {
            throw APIError(.contentTooLarge, tooLarge)
        }
        if request.method != .get && request.method != .head {
            let type = request.headers[.contentType]?.lowercased() ?? ""
            guard type.hasPrefix("application/json") || request.headers[Self.tokenHeader] != nil else {
                throw APIError(.unsupportedMediaType, "send JSON (Content-Type: application/json)")
            }
        }
    }

    /// The token from the header, `Authorization: Bearer`, the cookie, or `?token=`.
    private func presentedToken(_ request: Request) -> String? {
        if let header = request.headers[Self.tokenHeader] { return header }
        if let auth = request.headers[.authorization], auth.hasPrefix("Bearer ") { return String(auth.dropFirst(7)) }
        for cookie in request.headers[values: .cookie].flatMap({ $0.split(separator: ";") }) {
            let pair = cookie.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0] == Self.cookieName { return String(pair[1]) }
        }
        return request.uri.queryParameters.get("token")
    }

    private func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// An API error: a status and a message, sent as `{"error": "…"}` (plus fields such as the
/// current `etag` of a stale save).
struct APIError: Error {
    var status: HTTPResponse.Status
    var message: String
    var extra: [String: String] = [:]

    init(_ status: HTTPResponse.Status, _ message: String, extra: [String: String] = [:]) {
        self.status = status; self.message = message; self.extra = extra
    }

    var response: Response {
        var body = extra
        body["error"] = message
        let data = (try? JSONEncoder().encode(body)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
