import Foundation
import Hummingbird
import MockhoaCore

/// The page itself. `index.html` comes with what the page first shows already in it (its labels
/// and the directory state `GET /api/directory` answers), so that its first paint is complete
/// without waiting for a request; the language switch asks `/api/labels` for the other language.
extension API {
    func addPage(to router: Router<BasicRequestContext>) {
        router.get("/") { [self] request, _ in try await index(request) }
        router.get("/api/labels") { [self] request, _ in try json(PageText(language(request))) }
    }

    func index(_ request: Request) async throws -> Response {
        let language = pageLanguage(request)
        // When the state cannot be had now (a busy server, an unreadable file) the page asks for
        // it itself and shows why it failed.
        let directory = try? await currentState(language)
        let html = try PageHTML.render(
            PageStart(
                text: PageText(language), directory: directory,
                preview: await firstPreview(of: directory, in: language)))
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The first commune's sides of the saved directory as the page would ask for them (from the
    /// server's cache after the first time), so the first paint shows a keychain; nil when they
    /// cannot be had now (the page then asks).
    func firstPreview(of directory: DirectoryState?, in language: Language) async -> PreviewResult? {
        guard let document = directory?.document, let first = document.communes.first,
            let (checked, sides) = try? await studio.preview(
                Studio.Draft(document), commune: first.name, format: .svg,
                dpi: 192, language: language, limit: options.renderWait)
        else { return nil }
        return PreviewResult(problems: checked.problems(in: language), commune: first.name, sides: sides)
    }

    /// The language the page opens in: `?lang=`, else the one its switch last chose (the
    /// `mockhoa-lang` cookie), else Vietnamese.
    func pageLanguage(_ request: Request) -> Language {
        for value in [request.uri.queryParameters.get("lang"), request.cookies["mockhoa-lang"]?.value] {
            if let value, let language = Language(rawValue: value) { return language }
        }
        return .vi
    }
}

/// The page's own labels in one language: the catalogue's `page.` keys, without the prefix.
struct PageText: Encodable {
    var language: String
    var labels: [String: String]

    init(_ language: Language) {
        self.language = language.rawValue
        labels = Self.byLanguage[language] ?? [:]
    }

    static let prefix = "page."

    /// Each language's labels, gathered once from the catalogue.
    private static let byLanguage: [Language: [String: String]] = Dictionary(
        uniqueKeysWithValues: Language.allCases.map { language in
            let catalogue = MessageCatalogue.shared
            let keys = (catalogue.texts[.en] ?? [:]).keys.filter { $0.hasPrefix(prefix) }
            return (
                language,
                Dictionary(uniqueKeysWithValues: keys.map { (String($0.dropFirst(prefix.count)), catalogue.text($0, in: language, [])) })
            )
        })
}

/// What the page renders before any request: its labels, the saved directory (absent when it
/// could not be read; the page then asks `/api/directory`) and its first commune's sides.
struct PageStart: Encodable {
    var text: PageText
    var directory: API.DirectoryState?
    var preview: API.PreviewResult?
}

/// `index.html` filled in for one request.
enum PageHTML {
    static let template = String(decoding: PackageResources.index_html, as: UTF8.self)
    /// The element of `index.html` that receives the `PageStart` as JSON.
    static let slot = #"<script type="application/json" id="page-start"></script>"#

    static func render(_ start: PageStart) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = scriptSafe(String(decoding: try encoder.encode(start), as: UTF8.self))
        return
            template
            .replacingOccurrences(of: #"<html lang="vi">"#, with: #"<html lang="\#(start.text.language)">"#)
            .replacingOccurrences(of: slot, with: slot.replacingOccurrences(of: "></", with: ">\(json)</"))
    }

    /// JSON that stays data inside a script element: `<` (so no `</script>` and no `<!--`), `>`
    /// and `&` are written as `\u` escapes, which JSON reads back as the same characters. They
    /// can only occur inside strings.
    static func scriptSafe(_ json: String) -> String {
        json.replacingOccurrences(of: "<", with: "\\u003c").replacingOccurrences(of: ">", with: "\\u003e")
            .replacingOccurrences(of: "&", with: "\\u0026")
    }
}
