# newsprism — `make demo` runs the pipeline on the bundled demo corpus, `make test` runs the tests.
# Each target creates its own virtual environment in .venv on first use.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP_FLAGS ?= -q --disable-pip-version-check

.PHONY: demo test lint typecheck eval clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install $(PIP_FLAGS) --upgrade pip
	$(PY) -m pip install $(PIP_FLAGS) -e '.[dev,web,eval,dask,nlp]'
	touch $@

demo: $(VENV)/.installed
	$(VENV)/bin/newsprism demo

test: $(VENV)/.installed
	$(PY) -m pytest -q tests newsprism

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check newsprism tests
	$(VENV)/bin/ruff format --check newsprism tests

typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy newsprism

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
