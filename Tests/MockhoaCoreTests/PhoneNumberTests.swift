import Testing
import MockhoaCore

@Suite struct PhoneNumberTests {
    @Test(arguments: [
        ("0272 3874 123", "0272 3874 123", PhoneNumber.Kind.landline),
        ("02723874123", "0272 3874 123", .landline),
        ("028 3829 1234", "028 3829 1234", .landline),
        ("024.3829.1234", "024 3829 1234", .landline),
        ("(028) 3829-1234", "028 3829 1234", .landline),
        ("0912 345 678", "0912 345 678", .mobile),
        ("0912-345-678", "0912 345 678", .mobile),
        ("0912.345.678", "0912 345 678", .mobile),
        ("+84 912 345 678", "0912 345 678", .mobile),
        ("84912345678", "0912 345 678", .mobile),
        ("+84 272 3874 123", "0272 3874 123", .landline),
        ("113", "113", .shortCode),
        (" 114 ", "114", .shortCode),
        ("0912\u{00A0}345\u{00A0}678", "0912 345 678", .mobile),
    ])
    func formats(input: String, formatted: String, kind: PhoneNumber.Kind) throws {
        let number = try PhoneNumber(parsing: input)
        #expect(number.formatted == formatted)
        #expect(number.description == formatted)
        #expect(number.kind == kind)
    }

    @Test func e164AndTelURI() throws {
        let landline = try PhoneNumber(parsing: "0272 3874 123")
        #expect(landline.digits == "02723874123")
        #expect(landline.e164 == "+842723874123")
        #expect(landline.telURI == "tel:+842723874123")
        let mobile = try PhoneNumber(parsing: "+84 912 345 678")
        #expect(mobile.e164 == "+84912345678")
        #expect(mobile.telURI == "tel:+84912345678")
        let shortCode = try PhoneNumber(parsing: "113")
        #expect(shortCode.e164 == "113")
        #expect(shortCode.telURI == "tel:113")
    }

    @Test(arguments: [
        ("0272 380", "a landline (02x) has 11 digits, this has 7"),
        ("091 234", "a mobile number has 10 digits, this has 6"),
        ("0912 345 6789", "a mobile number has 10 digits, this has 11"),
        ("0123 456 7890", "no Vietnamese numbers start with 01"),
        ("0612 345 678", "no Vietnamese numbers start with 06"),
        ("0272 38OO 001", "'O' is not a digit"),
        ("call 113", "'c' is not a digit"),
        ("+1 202 555 0123", "only +84 (Vietnam) numbers are printed"),
        ("912 345 678", "a number starts with 0, +84 or is a 3-digit short code such as 113"),
        ("119 9", "a number starts with 0, +84 or is a 3-digit short code such as 113"),
        ("", "a number starts with 0, +84 or is a 3-digit short code such as 113"),
    ])
    func rejects(input: String, reason: String) {
        #expect {
            _ = try PhoneNumber(parsing: input)
        } throws: { error in
            guard let invalid = error as? PhoneNumber.Invalid else { return false }
            return invalid.text == input && invalid.reason.description == reason
                && invalid.description == "invalid phone number \"\(input)\": \(reason)"
        }
    }

    @Test func equalWhateverTheSpelling() throws {
        #expect(try PhoneNumber(parsing: "+84 912 345 678") == PhoneNumber(parsing: "0912.345.678"))
    }
}
