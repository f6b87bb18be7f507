"""Reading what Terraform wrote: plan JSON, state JSON, and (when this build has sespolicy.hcl)
directories of .tf files.

Public interface (other packages import only this):

    load_documents(paths, stdin=None) -> list[LoadedDocument]
    load_document_bytes(raw, source) -> LoadedDocument

Every problem with the input becomes an InputError with one clear line (exit code 2). Warnings
(e.g. an incomplete plan) are returned in LoadedDocument.warnings for the caller to print.
"""

from sespolicy.world.load.document import LoadedDocument
from sespolicy.world.load.loader import load_document_bytes, load_documents

__all__ = ["LoadedDocument", "load_document_bytes", "load_documents"]
