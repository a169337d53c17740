import Foundation
import HTTPTypes
import Hummingbird
import MockhoaCore

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
    var tooLarge: Message {
        Message("api.tooLarge", bodyLimit >= 1024 * 1024 ? "\(bodyLimit / 1024 / 1024) MB" : "\(bodyLimit / 1024) KB")
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
            response = error.response(in: request.language)
        } catch let error as HTTPError {
            response = APIError(error.status, text: error.body ?? error.status.reasonPhrase).response(in: request.language)
        } catch let error as HTTPResponseError {  // a body over the limit while it is read, say
            let message = error.status == .contentTooLarge ? tooLarge : Message("api.text", error.status.reasonPhrase)
            response = APIError(error.status, message).response(in: request.language)
        } catch is RenderPool.Busy {
            response = APIError(.serviceUnavailable, Message("api.busy")).response(in: request.language)
            response.headers[.retryAfter] = "2"
        } catch {
            response = APIError(.internalServerError, text: describe(error, in: request.language)).response(in: request.language)
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
                throw APIError(.unauthorized, Message("api.token"))
            }
        } else if loopbackOnly {
            let host = (request.head.authority ?? "").lowercased()
            let name = host.hasPrefix("[") ? String(host.prefix { $0 != "]" }) + "]" : String(host.prefix { $0 != ":" })
            guard ["127.0.0.1", "localhost", "[::1]"].contains(name) else {
                throw APIError(.forbidden, Message("api.loopback"))
            }
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > bodyLimit {
            throw APIError(.contentTooLarge, tooLarge)
        }
        if request.method != .get && request.method != .head {
            // Types a form of another site cannot send without asking first (CORS): JSON, and a
            // picture's own type for an upload.
            let type = request.headers[.contentType]?.lowercased() ?? ""
            let picture = request.uri.path == "/api/assets" && (type.hasPrefix("image/") || type.hasPrefix("application/octet-stream"))
            guard type.hasPrefix("application/json") || picture || request.headers[Self.tokenHeader] != nil else {
                throw APIError(.unsupportedMediaType, Message("api.sendJSON"))
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
    /// Said in the language of the request that failed.
    var message: Message
    var extra: [String: String] = [:]

    init(_ status: HTTPResponse.Status, _ message: Message, extra: [String: String] = [:]) {
        self.status = status; self.message = message; self.extra = extra
    }

    /// A text already in words (another component's error), sent as it is.
    init(_ status: HTTPResponse.Status, text: String) { self.init(status, Message("api.text", text)) }

    func response(in language: Language) -> Response {
        var body = extra
        body["error"] = message.text(in: language)
        let data = (try? JSONEncoder().encode(body)) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension Request {
    /// The language the page asked in: Vietnamese when `Accept-Language` starts with it, else English.
    var language: Language {
        headers[.acceptLanguage]?.lowercased().hasPrefix("vi") == true ? .vi : .en
    }
}

/// Diagnostics as one value of a message: each in the message's language, separated by
/// `separator` ("; " unless told).
struct Diagnostics: MessageArgument {
    let list: [Diagnostic]
    let separator: String
    init(_ list: some Sequence<Diagnostic>, separator: String = "; ") {
        self.list = Array(list); self.separator = separator
    }
    func text(in language: Language) -> String { list.map { $0.text(in: language) }.joined(separator: separator) }
}
