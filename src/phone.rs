//! Phone numbers, normalised to E.164 (`+` and 7 to 15 digits, no leading zero).
//!
//! Accepts what people type: spaces, dashes, dots and parentheses; `00` for `+`; and, with a
//! configured default country code, national numbers (`(919) 555-1001`, `0207 946 0000`).
//! oncall-twilio accepted only NANP numbers; relay accepts every country.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error(
        "{input:?} is not a phone number: only digits, spaces, dashes, dots, parentheses and a leading + are allowed"
    )]
    BadCharacters { input: String },
    #[error(
        "{input:?} has no country code: write it as +<country code><number>, or set oncall.default_country_code"
    )]
    NoCountryCode { input: String },
    #[error(
        "{input:?} is not a valid international number: E.164 numbers have 7 to 15 digits after the + and do not start with 0"
    )]
    BadLength { input: String },
}

/// Normalises `input` to E.164.
pub fn normalize(input: &str, default_country_code: Option<&str>) -> Result<String, PhoneError> {
    let trimmed = input.trim();
    let mut digits = String::with_capacity(trimmed.len());
    let mut plus = false;
    for (i, c) in trimmed.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if i == 0 => plus = true,
            ' ' | '-' | '.' | '(' | ')' | '\u{a0}' => {}
            _ => {
                return Err(PhoneError::BadCharacters {
                    input: input.to_string(),
                });
            }
        }
    }
    let international = if plus {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.to_string()
    } else {
        let Some(cc) = default_country_code else {
            return Err(PhoneError::NoCountryCode {
                input: input.to_string(),
            });
        };
        // A national number: drop the trunk prefix 0 (most countries); NANP numbers may be
        // written with their leading 1.
        let national = digits.strip_prefix('0').unwrap_or(&digits);
        if cc == "1" && national.len() == 11 && national.starts_with('1') {
            national.to_string()
        } else {
            format!("{cc}{national}")
        }
    };
    if !(7..=15).contains(&international.len()) || international.starts_with('0') {
        return Err(PhoneError::BadLength {
            input: input.to_string(),
        });
    }
    Ok(format!("+{international}"))
}

/// True when `s` is already in E.164 form.
pub fn is_e164(s: &str) -> bool {
    normalize(s, None).is_ok_and(|n| n == s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_what_people_type() {
        assert_eq!(
            normalize("+1 (919) 555-1001", None).unwrap(),
            "+19195551001"
        );
        assert_eq!(
            normalize("0044 20 7946 0000", None).unwrap(),
            "+442079460000"
        );
        assert_eq!(
            normalize("(919) 555-1001", Some("1")).unwrap(),
            "+19195551001"
        );
        assert_eq!(
            normalize("1-919-555-1001", Some("1")).unwrap(),
            "+19195551001"
        );
        assert_eq!(
            normalize("020 7946 0000", Some("44")).unwrap(),
            "+442079460000"
        );
        assert_eq!(
            normalize("+33 6 12 34 56 78", None).unwrap(),
            "+33612345678"
        );
        assert!(is_e164("+19195551001"));
        assert!(!is_e164("+1 919 555 1001"));
    }

    #[test]
    fn refuses_with_a_reason() {
        assert!(matches!(
            normalize("9195551001", None),
            Err(PhoneError::NoCountryCode { .. })
        ));
        assert!(matches!(
            normalize("+1 919 CALL NOW", None),
            Err(PhoneError::BadCharacters { .. })
        ));
        assert!(matches!(
            normalize("+12", None),
            Err(PhoneError::BadLength { .. })
        ));
        assert!(matches!(
            normalize("+1234567890123456", None),
            Err(PhoneError::BadLength { .. })
        ));
        assert!(matches!(
            normalize("+0123456789", None),
            Err(PhoneError::BadLength { .. })
        ));
        assert!(matches!(
            normalize("", Some("1")),
            Err(PhoneError::BadLength { .. })
        ));
    }
}
