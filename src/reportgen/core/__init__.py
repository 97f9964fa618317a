"""Foundations every layer may use: errors, the YAML source, Vietnamese text and numbers, dates, files.

Nothing here imports another reportgen package.
"""
