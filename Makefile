# Every command a person runs. Each target builds or refreshes .venv from pyproject.toml by itself.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PELICAN := $(BIN)/pelican
PORT ?= 8000
BIND ?= 127.0.0.1
INPUTDIR := content
OUTPUTDIR := output
CONFFILE := pelicanconf.py
PUBLISHCONF := publishconf.py
PELICANOPTS ?=
SRC ?=
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help html serve devserver regenerate clean publish test bench import

help: ## list the targets
	@grep -E '^[a-z_-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 16

$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

html: $(VENV)/.installed ## build the site into output/ with pelicanconf
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS)

serve: html ## build, then serve on 127.0.0.1:$(PORT)
	$(PELICAN) --listen -b $(BIND) -p $(PORT) -o $(OUTPUTDIR) -s $(CONFFILE)

devserver: $(VENV)/.installed ## build, serve and rebuild on every change
	$(PELICAN) -lr $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) -b $(BIND) -p $(PORT) $(PELICANOPTS)

regenerate: $(VENV)/.installed ## rebuild on every change, without serving
	$(PELICAN) -r $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS)

publish: $(VENV)/.installed ## production build with publishconf
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(PUBLISHCONF) $(PELICANOPTS)

import: $(VENV)/.installed ## import raw articles: make import SRC="file folder feed.xml"
	@test -n "$(SRC)" || { echo 'usage: make import SRC="path [path...]"' >&2; exit 2; }
	$(BIN)/briefing import $(SRC)

test: $(VENV)/.installed-test node_modules/.installed ## run the whole test suite, as CI does
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(VENV)/.installed-test ## run the benchmarks in bench/ and write bench/RESULTS.md
	$(BIN)/python -m bench.run

clean: ## remove build output and caches
	rm -rf $(OUTPUTDIR) cache .pytest_cache .hypothesis
