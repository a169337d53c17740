import Foundation

extension Directory {
    /// Each commune's slug, in the order of `communes`: its name's slug, made distinct across the
    /// whole directory in directory order (Tân Thành → `tan-thanh`, Tân Thạnh → `tan-thanh-2`).
    /// Every command names a commune's files and folder by it.
    static func uniqueSlugs(of communes: [Commune]) -> [String] {
        var used: Set<String> = [], out: [String] = []
        out.reserveCapacity(communes.count)
        for commune in communes {
            let base = commune.name.slug
            var slug = base, n = 2
            while used.contains(slug) { slug = "\(base)-\(n)"; n += 1 }
            used.insert(slug)
            out.append(slug)
        }
        return out
    }

    /// The slug of `commune` in this directory (see `slugs`); a commune that is not in it gets
    /// its name's slug.
    public func slug(of commune: Commune) -> String {
        slugIndex[NameKey(commune.name)].map { slugs[$0] } ?? commune.name.slug
    }

    /// The folder name of the issuer (the district, say): its name's slug.
    public var issuerSlug: String { issuer.name.slug }
}

extension String {
    /// Longest slug, in characters: far below every file system's 255-byte limit on a name,
    /// with room for `-2` and an extension.
    static let slugLimit = 80

    /// Names Windows reserves in every folder, whatever the extension (`con.pdf` too).
    static let reservedOnWindows = Set(["con", "prn", "aux", "nul"] + (0...9).flatMap { ["com\($0)", "lpt\($0)"] })

    /// ASCII lower-case letters and digits with `-` between words: diacritics dropped,
    /// `đ` → `d` ("Phước Đông" → "phuoc-dong"). Never empty, never contains `/` or `..`, at most
    /// `slugLimit` characters, and never a name Windows reserves (`con` becomes `con_`), so it is
    /// a safe file or folder name everywhere.
    public var slug: String {
        // Runs of ASCII letters and digits of the folded text, joined by dashes up to the limit.
        var words: [String] = [], word = ""
        func take(_ scalar: Unicode.Scalar) {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                word.unicodeScalars.append(scalar)
            } else if !word.isEmpty {
                words.append(word)
                word = ""
            }
        }
        for character in self {
            let scalars = character.unicodeScalars
            // `đ` → `d`, as a character of its own (with a mark on it, it is folded as it is).
            if scalars.count == 1, let only = scalars.first, only == "đ" || only == "Đ" { take("d"); continue }
            for scalar in scalars { Self.slugFolded(scalar).unicodeScalars.forEach(take) }
        }
        if !word.isEmpty { words.append(word) }
        return Self.slug(joining: words)
    }

    /// `words` joined by dashes up to the limit; `unnamed` for none, `_` after a name Windows reserves.
    static func slug(joining words: [String]) -> String {
        var out = ""
        for word in words {
            if out.isEmpty { out = String(word.prefix(slugLimit)); continue }
            guard out.count + 1 + word.count <= slugLimit else { break }
            out += "-" + word
        }
        if out.isEmpty { return "unnamed" }
        return reservedOnWindows.contains(out) ? out + "_" : out
    }

    /// `scalar` without diacritics and in lower case, as Foundation folds it (`Ạ` → `a`,
    /// `ß` → `ss`). Folding goes scalar by scalar (it drops marks and folds case one
    /// character at a time), so the Latin scalars of Vietnamese are each folded once per
    /// process: through Foundation a name cost 84 K instructions.
    private static func slugFolded(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x41...0x5A: return String(Character(Unicode.Scalar(scalar.value + 0x20)!))
        case 0..<0x80: return String(Character(scalar))
        case 0..<0x2000: return slugFoldings.value(for: scalar.value) { foldedByFoundation(scalar) }
        default: return foldedByFoundation(scalar)
        }
    }

    /// Folded after a letter, as in a name: a mark, or a zero-width space, is dropped there.
    private static func foldedByFoundation(_ scalar: Unicode.Scalar) -> String {
        let folded = ("a" + String(Character(scalar))).folding(
            options: [.diacriticInsensitive, .caseInsensitive],
            locale: Locale(identifier: "en_US_POSIX")
        ).lowercased()
        return String(String.UnicodeScalarView(folded.unicodeScalars.dropFirst()))  // the a
    }

    /// Foldings of the scalars below U+2000 (Latin, combining marks…) met so far.
    private static let slugFoldings = MemoCache<UInt32, String>(limit: 0x2000)
}
