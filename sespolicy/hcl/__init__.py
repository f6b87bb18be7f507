"""Raw Terraform `.tf` directories, read with python-hcl2.

Public interface:

    load_directory(path, var_files=(), variables={}) -> dict
        the configuration as a plan-shaped dict (Terraform's JSON plan format, format_version
        1.2), so the same model, graph and region code reads it; what HCL cannot settle is
        listed under "sespolicy_unresolved".
    locate_sources(source_dir) -> SourceIndex
        file and line of every resource block (and of attributes inside it), across modules.
"""

from sespolicy.hcl.locations import SourceIndex, locate_sources
from sespolicy.hcl.plan import UNRESOLVED_KEY, load_directory

__all__ = ["UNRESOLVED_KEY", "SourceIndex", "load_directory", "locate_sources"]
