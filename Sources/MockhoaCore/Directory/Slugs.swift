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
        // Foundation drops marks, not the stroke of đ: a letter of its own.
        let folded = replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "D")
            .folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX")).lowercased()
        let words = folded.unicodeScalars.split { !("a"..."z").contains($0) && !("0"..."9").contains($0) }
            .map { String(String.UnicodeScalarView($0)) }
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
}
