# Two commands on a fresh clone: `make demo` and `make test`. Each sets up .venv when it is missing
# or older than pyproject.toml (the install stamp), then runs. Without make, README.md lists the
# plain pip commands these run.
PYTHON ?= python3
VENV ?= .venv
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: demo test setup

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/riac-archive demo

# pytest's exit code 5 (no tests collected) fails too: a test run that runs nothing proves nothing
test: $(STAMP)
	@status=0; $(VENV)/bin/pytest $(PYTEST_ARGS) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing" >&2; fi; \
	exit $$status
