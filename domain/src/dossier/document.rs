//! Supporting documents (the pieces of a file) and requests for documents.
//!
//! A document is metadata over a stored file: HIPE keeps its type, size, media type and SHA-256, never trusts a
//! client's word for a review. Adding a document of a type already present supersedes the earlier one — every
//! version stays in the file's history (the person can see everything they ever sent). A request for documents
//! names the types wanted, why, and by when; it is answered when a document of each type arrives after it.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::{ActorRef, DossierId};
use crate::Error;

/// A supporting document's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocumentId(Uuid);

impl DocumentId {
    /// Wraps a UUID minted by the caller.
    pub const fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }

    /// The underlying UUID.
    pub const fn as_uuid(&self) -> Uuid {
        self.0
    }
}

/// A request for documents' id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocumentRequestId(Uuid);

impl DocumentRequestId {
    /// Wraps a UUID minted by the caller.
    pub const fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }

    /// The underlying UUID.
    pub const fn as_uuid(&self) -> Uuid {
        self.0
    }
}

/// The type of a supporting document (`PASSPORT`, `PROOF_OF_ADDRESS`…): catalogue data, not a closed enum.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocumentType(String);

impl DocumentType {
    /// Parses a type code: 2 to 64 characters among `A`–`Z`, `0`–`9` and `_`, starting with a letter.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for any other text.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let ok = (2..=64).contains(&text.len())
            && text.starts_with(|c: char| c.is_ascii_uppercase())
            && text.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
        if ok {
            Ok(Self(text.to_owned()))
        } else {
            Err(Error::invalid("type", "expected a document type such as PASSPORT"))
        }
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The media types HIPE accepts for supporting documents.
pub const MEDIA_TYPES: [&str; 3] = ["application/pdf", "image/jpeg", "image/png"];

/// The largest supporting document, in bytes (10 MiB).
pub const MAX_DOCUMENT_BYTES: u64 = 10 * 1024 * 1024;

/// Where a document's review stands.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Review {
    /// Not reviewed yet.
    Pending,
    /// Accepted by an instructor.
    Accepted,
    /// Rejected by an instructor, with the reason shown to the person.
    Rejected {
        /// Why, in words the person can act on.
        reason: String,
    },
    /// A newer document of the same type replaced it.
    Superseded,
}

impl Review {
    /// The stable code.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::Pending => "PENDING",
            Self::Accepted => "ACCEPTED",
            Self::Rejected { .. } => "REJECTED",
            Self::Superseded => "SUPERSEDED",
        }
    }

    /// Rebuilds a stored review.
    pub fn parse(code: &str, reason: Option<String>) -> Option<Self> {
        match (code, reason) {
            ("PENDING", _) => Some(Self::Pending),
            ("ACCEPTED", _) => Some(Self::Accepted),
            ("REJECTED", Some(reason)) => Some(Self::Rejected { reason }),
            ("SUPERSEDED", _) => Some(Self::Superseded),
            _ => None,
        }
    }
}

/// What a caller declares about a file it uploaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentFile {
    /// The reference of the stored file (the upload service's key).
    pub file_reference: String,
    /// Its name, as uploaded.
    pub file_name: String,
    /// Its media type (one of [`MEDIA_TYPES`]).
    pub media_type: String,
    /// Its size in bytes.
    pub size_bytes: u64,
    /// Its SHA-256, 64 lowercase hexadecimal digits.
    pub sha256: String,
}

impl DocumentFile {
    /// Checks the declared metadata.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] naming the field at fault.
    pub fn check(self) -> Result<Self, Error> {
        if self.file_reference.trim().is_empty() || self.file_reference.len() > 200 {
            return Err(Error::invalid("fileReference", "a file reference of 1 to 200 characters"));
        }
        if self.file_name.trim().is_empty() || self.file_name.chars().count() > 200 {
            return Err(Error::invalid("fileName", "a file name of 1 to 200 characters"));
        }
        if !MEDIA_TYPES.contains(&self.media_type.as_str()) {
            return Err(Error::invalid("mediaType", format!("one of {}", MEDIA_TYPES.join(", "))));
        }
        if self.size_bytes == 0 || self.size_bytes > MAX_DOCUMENT_BYTES {
            return Err(Error::invalid("sizeBytes", "between 1 byte and 10 MiB"));
        }
        if self.sha256.len() != 64 || !self.sha256.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            return Err(Error::invalid("sha256", "64 lowercase hexadecimal digits"));
        }
        Ok(self)
    }
}

/// A supporting document of a dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportingDocument {
    /// Id.
    pub id: DocumentId,
    /// The dossier it belongs to.
    pub dossier: DossierId,
    /// Its type.
    pub document_type: DocumentType,
    /// The file.
    pub file: DocumentFile,
    /// Last day of validity of the document itself (a passport's expiry), when it has one.
    pub expires_on: Option<NaiveDate>,
    /// Whether it is a sworn translation.
    pub translated: bool,
    /// Review status.
    pub review: Review,
    /// Who added it.
    pub added_by: ActorRef,
    /// When.
    pub added_at: DateTime<Utc>,
}

impl SupportingDocument {
    /// Whether it still counts in the file (neither superseded nor rejected).
    pub const fn counts(&self) -> bool {
        matches!(self.review, Review::Pending | Review::Accepted)
    }
}

/// A request for documents sent to the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRequest {
    /// Id.
    pub id: DocumentRequestId,
    /// The dossier.
    pub dossier: DossierId,
    /// The types wanted (at least one).
    pub types: Vec<DocumentType>,
    /// Why, in words the person can act on.
    pub reason: String,
    /// The date by which they are due.
    pub due_on: NaiveDate,
    /// When it was sent.
    pub requested_at: DateTime<Utc>,
    /// When every type arrived; `None` while open.
    pub answered_at: Option<DateTime<Utc>>,
}

impl DocumentRequest {
    /// Whether it still waits for documents.
    pub const fn is_open(&self) -> bool {
        self.answered_at.is_none()
    }

    /// Whether `documents` hold, for each type asked, one that still counts and arrived after the request.
    pub fn is_answered_by(&self, documents: &[SupportingDocument]) -> bool {
        self.types.iter().all(|wanted| {
            documents.iter().any(|d| d.document_type == *wanted && d.counts() && d.added_at >= self.requested_at)
        })
    }
}
