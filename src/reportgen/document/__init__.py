"""The document model and the builders that fill it: plan, progress report, sơ kết / tổng kết.

A builder turns computed data into a `PartyDocument` (paragraphs, tables, footnotes);
it knows the Party format's parts and wording but nothing of Word's XML.
"""
