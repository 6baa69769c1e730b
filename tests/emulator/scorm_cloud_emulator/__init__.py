"""Local emulator of the SCORM Cloud REST API v2 (see tests/emulator/README.md)."""

__version__ = "0.1.0"
