"""CardDesk: the staff service-desk application for union library reader cards."""

__version__ = "0.1.0"
