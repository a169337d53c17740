extension String {
    /// The text with zeros before it up to `width` characters ("7" → "07", "1F" → "001F"); text
    /// as long or longer as it is.
    public func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
