"""Word: render a `PartyDocument` into a .docx, build the template, read text back, guard edits, PDF."""
