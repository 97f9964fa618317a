"""reportgen: Party-format plans and reports (HD 36-HD/VPTW) as Word documents.

Nothing is imported here on purpose: `reportgen --help` and every command
start fast because heavy libraries (lxml, docxtpl, pydantic) load only inside
the command that needs them.
"""

__version__ = "0.1.0"
