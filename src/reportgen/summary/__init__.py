"""The summary report (BÁO CÁO sơ kết / tổng kết): many units' progress compiled into one document.

Counting and layout are done here; the drafter writes only judgement, in a
summary spec whose prose may quote computed figures by name.
"""
