"""The bundled program's entry point: the same `carddesk` command, a window when started without one."""

import sys

from desk_app.entry import main

if __name__ == "__main__":
    sys.exit(main())
