//! The customer of an order: the customer number, else the e-mail, as the key; with several
//! files, the same person linked across them by e-mail and phone; the contact details (name,
//! postal code, address, phone, a split one joined) kept beside a new customer for the
//! follow-up lists.

use super::{idx, OrderAssembler, Pending};
use crate::dataset::KEY_GROUP_MARK;
use crate::encoding::TextEncoding;
use crate::import::columns::{part_separator, Role};
use crate::import::records::Fields;

/// Starts the key of a phone number that links customers across files (never shown).
const PHONE_MARK: u8 = 0xFE;

/// The contact roles, in the order of [`crate::dataset::DatasetBuilder::contacts`].
pub(super) const CONTACT_ROLES: [Role; 4] =
    [Role::Name, Role::PostalCode, Role::Address, Role::Phone];

/// The digits of a phone number (full-width ones too), a Japanese `+81` turned into the
/// leading `0`.
fn phone_digits(phone: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(phone);
    let digit = |c: char| match c {
        '0'..='9' => Some(c as u8),
        '０'..='９' => Some(b'0' + (c as u32 - '０' as u32) as u8),
        _ => None,
    };
    let mut digits: Vec<u8> = text.chars().filter_map(digit).collect();
    if digits.starts_with(b"81") && digits.len() >= 11 && phone.contains(&b'+') {
        digits.splice(0..2, [b'0']);
    }
    digits
}

/// A contact cell without the apostrophe Shopify (and Excel users) put before a postal code or
/// phone number so that a spreadsheet keeps its leading zero (`'100-0001`, `'090…`): the mark is
/// not part of the value.
fn without_text_mark(role: Role, cell: &[u8]) -> &[u8] {
    match (role, cell) {
        (Role::PostalCode | Role::Phone, [b'\'', rest @ ..]) => rest,
        _ => cell,
    }
}

impl OrderAssembler {
    /// The customer cell of a row as written (number, else e-mail); empty when it has none.
    pub(super) fn customer_cell<'a>(&self, f: &'a Fields<'_>) -> &'a [u8] {
        self.customer_number(f).or_else(|| self.cell(f, Role::Email)).unwrap_or(&[])
    }

    /// The row's customer number; a guest's `0` is no number.
    fn customer_number<'a>(&self, f: &'a Fields<'_>) -> Option<&'a [u8]> {
        self.cell(f, Role::Customer).filter(|c| *c != b"0")
    }

    /// The customer number, else the e-mail (trimmed, lower-cased); a guest's `0` is no number.
    /// (A customer whose orders all turn out cancelled is dropped by the dataset, in place.)
    /// Several files: customer numbers are per platform (a suffix marks files of another
    /// header), e-mails and phone numbers link the same person across files.
    pub(super) fn read_customer(&mut self, f: &Fields<'_>, p: &mut Pending) {
        let email = self.cell(f, Role::Email);
        let id = self.customer_number(f);
        let mut key = std::mem::take(&mut self.key_buf);
        key.clear();
        match (id, email) {
            (Some(id), _) => {
                key.extend_from_slice(&self.stored(id));
                if self.group > 0 {
                    key.extend_from_slice(&[KEY_GROUP_MARK, self.group]);
                }
            }
            (None, Some(e)) => {
                self.push_lowercase(e, &mut key);
                p.by_email = self.col[idx(Role::Customer)].is_some();
            }
            (None, None) => {
                self.key_buf = key;
                return;
            }
        }
        let (c, new) = self.builder.keys.intern_new(&key);
        p.customer = Some(c);
        if new {
            self.new_customer_details(f, id.is_some());
        }
        if self.link && new {
            // The same person in another file: by e-mail (when the key is a number) or phone.
            if let (Some(_), Some(e)) = (id, email) {
                key.clear();
                self.push_lowercase(e, &mut key);
                self.alias(c, &key);
            }
            if let Some(phone) =
                self.cell(f, Role::Phone).and_then(|_| self.contact(f, Role::Phone))
            {
                let digits = phone_digits(&phone);
                if digits.len() >= 10 {
                    key.clear();
                    key.push(PHONE_MARK);
                    key.extend_from_slice(&digits);
                    self.alias(c, &key);
                }
            }
        }
        self.key_buf = key;
    }

    /// Links customer `c` to the customer of `key` (interned without orders when new).
    pub(super) fn alias(&mut self, c: u32, key: &[u8]) {
        let (other, new) = self.builder.keys.intern_new(key);
        if new {
            self.new_customer_details_empty();
        }
        self.builder.aliases.push((c, other));
    }

    /// A new customer's e-mail (when the key is a number) and contact details, from this row.
    pub(super) fn new_customer_details(&mut self, f: &Fields<'_>, keyed_by_number: bool) {
        if self.builder.emails.is_some() {
            let email = self.cell(f, Role::Email).filter(|_| keyed_by_number);
            let mut lower = Vec::new();
            if let Some(e) = email {
                self.push_lowercase(e, &mut lower);
            }
            if let Some(emails) = self.builder.emails.as_mut() {
                emails.push(&lower);
            }
        }
        for (slot, role) in CONTACT_ROLES.into_iter().enumerate() {
            if self.builder.contacts[slot].is_none() {
                continue;
            }
            let value = self.contact(f, role).unwrap_or_default();
            if let Some(strings) = self.builder.contacts[slot].as_mut() {
                strings.push(&value);
            }
        }
    }

    /// Empty side columns for a customer interned only to link others (no orders of its own).
    pub(super) fn new_customer_details_empty(&mut self) {
        if let Some(emails) = self.builder.emails.as_mut() {
            emails.push(&[]);
        }
        for strings in self.builder.contacts.iter_mut().flatten() {
            strings.push(&[]);
        }
    }

    /// A contact detail of this row: its column and the further parts of a split one, joined.
    pub(super) fn contact(&self, f: &Fields<'_>, role: Role) -> Option<Vec<u8>> {
        let first = without_text_mark(role, self.cell(f, role)?);
        let mut out = self.stored(first).into_owned();
        for &(r, i) in &self.parts {
            if r == role {
                let part = without_text_mark(role, f.get(i));
                if !part.is_empty() {
                    out.extend_from_slice(part_separator(role).as_bytes());
                    out.extend_from_slice(&self.stored(part));
                }
            }
        }
        Some(out)
    }

    /// A cell as it is stored, lower-cased (ASCII letters only: never a Shift_JIS second byte).
    fn push_lowercase(&self, cell: &[u8], out: &mut Vec<u8>) {
        let stored_in = if self.utf8_store { TextEncoding::Utf8 } else { self.encoding };
        stored_in.push_ascii_lowercase(&self.stored(cell), out);
    }

    /// A cell as it is stored: in the file's encoding, or as UTF-8 when several files (perhaps
    /// of several encodings) make one dataset.
    pub(super) fn stored<'a>(&self, cell: &'a [u8]) -> std::borrow::Cow<'a, [u8]> {
        if self.utf8_store && !cell.is_ascii() && self.encoding != TextEncoding::Utf8 {
            match self.encoding.decode_cell(cell) {
                std::borrow::Cow::Borrowed(s) => std::borrow::Cow::Borrowed(s.as_bytes()),
                std::borrow::Cow::Owned(s) => std::borrow::Cow::Owned(s.into_bytes()),
            }
        } else {
            std::borrow::Cow::Borrowed(cell)
        }
    }
}
