//! Mainland Chinese mobile numbers: what residents type, and what is shown of them.

/// A mainland mobile number in its 11-digit form (`13800000001`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MobileNumber(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("not a mainland mobile number: 11 digits starting with 1")]
    NotMainlandMobile,
}

impl MobileNumber {
    /// Reads a number as residents type it: `+86` or `0086` in front, spaces and hyphens
    /// anywhere (`+86 138-0000-0001`). Anything else is refused rather than guessed at.
    pub fn parse(input: &str) -> Result<MobileNumber, PhoneError> {
        let compact: String = input
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '\u{3000}'))
            .collect();
        let national = compact
            .strip_prefix("+86")
            .or_else(|| compact.strip_prefix("0086"))
            .unwrap_or(&compact);
        let bytes = national.as_bytes();
        let valid = bytes.len() == 11
            && bytes[0] == b'1'
            && (b'3'..=b'9').contains(&bytes[1])
            && bytes.iter().all(u8::is_ascii_digit);
        if valid {
            Ok(MobileNumber(national.to_string()))
        } else {
            Err(PhoneError::NotMainlandMobile)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `138****0001`: enough for its owner to recognise, not enough to call.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

/// The `tel:` link for a number as posted (`021-5555 0101`): digits and `+` only, so
/// every phone's dialler reads it.
pub fn tel_href(posted: &str) -> String {
    let dialable: String = posted
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    format!("tel:{dialable}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_tel_link_keeps_only_what_is_dialled() {
        assert_eq!(super::tel_href("021-5555 0101"), "tel:02155550101");
        assert_eq!(super::tel_href("+86 138 0000 0001"), "tel:+8613800000001");
    }

    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_the_ways_residents_write_their_number() {
        for input in [
            "13800000001",
            "+8613800000001",
            "008613800000001",
            "+86 138-0000-0001",
            " 138 0000 0001 ",
        ] {
            assert_eq!(
                MobileNumber::parse(input).map(|n| n.0),
                Ok("13800000001".into()),
                "{input}"
            );
        }
    }

    #[test]
    fn refuses_what_is_not_a_mainland_mobile() {
        for input in [
            "",
            "1380000000",
            "138000000012",
            "23800000001",
            "12800000001",
            "1380000000a",
            "+85291234567",
            "010-12345678",
            "１３８００００００01",
        ] {
            assert_eq!(
                MobileNumber::parse(input),
                Err(PhoneError::NotMainlandMobile),
                "{input}"
            );
        }
    }

    #[test]
    fn masks_the_middle_four_digits() {
        let number = MobileNumber::parse("13800000001").expect("valid");
        assert_eq!(number.masked(), "138****0001");
    }

    proptest! {
        #[test]
        fn any_input_parses_or_is_refused_without_panicking(input in "\\PC{0,20}") {
            if let Ok(number) = MobileNumber::parse(&input) {
                prop_assert_eq!(number.as_str().len(), 11);
                prop_assert_eq!(number.masked().chars().count(), 11);
            }
        }

        #[test]
        fn formatting_never_changes_the_number(digits in "1[3-9][0-9]{9}", sep in "[ -]{0,2}") {
            let written = format!("+86{sep}{}{sep}{}{sep}{}", &digits[..3], &digits[3..7], &digits[7..]);
            prop_assert_eq!(MobileNumber::parse(&written).map(|n| n.0), Ok(digits));
        }
    }
}
