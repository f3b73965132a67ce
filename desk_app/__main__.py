import sys

from desk_app.entry import main

sys.exit(main())
