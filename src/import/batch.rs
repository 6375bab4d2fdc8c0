//! Several files of one shop as one dataset: platforms cap a download's period (楽天 RMS,
//! Amazon), so a year arrives as several files, and a shop may sell on several platforms.
//!
//! The rules (README, "Several files"):
//! * the files are read one after the other into one set of customers and orders;
//! * files with the same header are one platform: their customer numbers are one namespace and
//!   an order number found again in a later file is counted once (reported as
//!   `duplicateOrder`); another platform's customer 1001 or order 1001 is someone else;
//! * customers are matched across files by what they share: the e-mail (a file keyed by e-mail,
//!   or a file with customer numbers and an e-mail column) and the phone number (digits, `+81`
//!   read as `0`); the report says how many customers were merged;
//! * keys and contact details are kept as UTF-8 (the files may be in different encodings);
//! * the currency is the first file's; a later file without one is taken to be in it.

use super::columns::normalize_header;
use super::orders::Carry;
use super::report::ImportReport;
use super::sniff::Sniffed;
use super::{FileRead, Import, ImportOptions, OrderReader};
use crate::encoding::TextEncoding;
use crate::{Error, Result};

/// Files read so far, waiting for the next one or for [`Batch::finish`].
#[derive(Debug, Default)]
pub struct Batch {
    carry: Carry,
    /// The normalised header of each group of files (one group per platform's header).
    groups: Vec<String>,
    /// Each file's report.
    files: Vec<ImportReport>,
}

/// File groups are numbered in a byte of the customer key.
const MAX_GROUPS: usize = 250;

impl Batch {
    /// No file yet.
    #[must_use]
    pub fn new() -> Batch {
        Batch::default()
    }

    /// Files read so far.
    #[must_use]
    pub fn files(&self) -> usize {
        self.files.len()
    }

    /// A reader for the next file (the batch travels with it; [`OrderReader::finish_into`]
    /// gives it back). Without a currency of its own, the file is in the first file's.
    #[must_use]
    pub fn next_file(self, mut options: ImportOptions) -> OrderReader {
        if options.currency.is_none() {
            options.currency = self.files.first().map(|f| f.currency.clone());
        }
        let mut reader = OrderReader::new(options);
        reader.batch = Some(Box::new(self));
        reader
    }

    /// What the next file's assembler continues from, once its header is known.
    pub(crate) fn carry_for(&mut self, sniffed: &Sniffed) -> Result<Carry> {
        if sniffed.summary.is_some() {
            return Err(Error::BadOptions(
                "a per-customer summary file cannot be read with other files".into(),
            ));
        }
        let signature: Vec<String> = sniffed.header.iter().map(|h| normalize_header(h)).collect();
        let signature = signature.join("\u{1f}");
        let group = match self.groups.iter().position(|g| *g == signature) {
            Some(g) => g,
            None if self.groups.len() < MAX_GROUPS => {
                self.groups.push(signature);
                self.groups.len() - 1
            }
            None => return Err(Error::BadOptions(format!("more than {MAX_GROUPS} kinds of file"))),
        };
        let mut carry = std::mem::take(&mut self.carry);
        carry.group = group as u8;
        Ok(carry)
    }

    fn add(&mut self, file: FileRead) {
        if let Some(builder) = file.builder {
            self.carry.builder = builder;
        }
        self.carry.orders.extend(file.file_orders);
        self.files.push(file.report);
    }

    /// One dataset of every file: the combined report (rows, orders and skipped lines summed;
    /// customers, days and merges of the whole), with each file's report in `files`.
    ///
    /// # Errors
    /// [`Error::Empty`] when no file was read.
    pub fn finish(self) -> Result<Import> {
        let Batch { carry, mut files, .. } = self;
        if files.is_empty() {
            return Err(Error::Empty);
        }
        let dataset = carry.builder.build(TextEncoding::Utf8);
        let mut report = files[0].clone();
        for (i, f) in files.iter_mut().enumerate().skip(1) {
            for issue in &mut f.counts.issues {
                issue.file = i as u32;
            }
            report.counts.add(&f.counts);
            for s in &f.statuses {
                match report.statuses.iter_mut().find(|t| t.value == s.value) {
                    Some(t) => t.orders += s.orders,
                    None => report.statuses.push(s.clone()),
                }
            }
            report.mojibake |= f.mojibake;
            report.day_order_conflict |= f.day_order_conflict;
        }
        report.set_dataset_figures(&dataset);
        if files.len() > 1 {
            report.files = files;
        }
        Ok(Import { report, dataset, summary_file: None })
    }
}

impl OrderReader {
    /// Ends this file's input and adds it to its batch (see [`Batch::next_file`]).
    ///
    /// # Errors
    /// As [`OrderReader::finish`]; [`Error::BadOptions`] for a reader that is not part of a
    /// batch or for a summary file among several.
    pub fn finish_into(self) -> Result<Batch> {
        let (file, batch) = self.finish_file()?;
        let mut batch =
            batch.ok_or_else(|| Error::BadOptions("this reader is not part of a batch".into()))?;
        batch.add(file);
        Ok(*batch)
    }
}
