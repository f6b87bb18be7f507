"""Reading what Terraform wrote: plan JSON, state JSON (and, later, .tf directories).

Public interface (other packages import only this):

    load_documents(paths) -> list[LoadedDocument]

Every problem with the input becomes an InputError with one clear line (exit code 2).
"""
