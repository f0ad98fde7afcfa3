"""Every [chosen] decision of the contract, in one place (this package) so it can be changed when better information arrives.

Grouped by the contract's sections (§1 wire conventions ... §6 second pass), then mockscaling's own tools,
each section opened by a `# ==== <section> ====` line. One decision per block: blocks are separated by a
blank line and start with `# <title>: <why>`, followed by the constants the code reads, if any.
`mockscaling chosen --write` turns this file into docs/chosen.md and the README's table (tests fail when
either is stale or a block has no title; mockscaling/chosen/table.py reads the format).
"""

# One module per contract section, read in this order by chosen_table (the generated table).
SECTIONS = ('wire', 'incidents', 'oncall', 'status_pages', 'control_plane', 'client_oncall', 'client_routing', 'mcp', 'tools')

from .wire import *  # noqa: F401,F403
from .incidents import *  # noqa: F401,F403
from .oncall import *  # noqa: F401,F403
from .status_pages import *  # noqa: F401,F403
from .control_plane import *  # noqa: F401,F403
from .client_oncall import *  # noqa: F401,F403
from .client_routing import *  # noqa: F401,F403
from .mcp import *  # noqa: F401,F403
from .tools import *  # noqa: F401,F403
