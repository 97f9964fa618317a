# reportgen: two commands set everything up. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench templates docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	# byte-compile our sources once: an editable install does not, and start-up time matters
	$(BIN)/python -m compileall -q src
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/reportgen render plan_specs/nq21-quang-nam/plan.yaml -o output/nq21-quang-nam/ke-hoach.docx

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/run.py

templates: $(STAMP)
	$(BIN)/python -m reportgen.template_builder templates/van-ban-dang.docx

docs: $(STAMP)
	$(BIN)/python -m reportgen.spec_docs --write
	$(BIN)/python -m reportgen.check.docs

clean:
	find output -mindepth 1 ! -name .gitkeep -delete
	rm -rf build *.egg-info src/*.egg-info
