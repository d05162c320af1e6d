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
PUBLISHOPTS ?=
DEPLOY_HOST ?=
DEPLOY_DIR ?=
DEPLOY_SSH ?= ssh
DRY_RUN ?=
GITHUB_PAGES_BRANCH ?= gh-pages
GITHUB_PAGES_REMOTE ?= origin
GITHUB_PAGES_CNAME ?=
GITHUB_PUSH ?= 1
SRC ?=
FILES ?=
TITLE ?=
DATE ?=
CATEGORY ?=
OUT ?=
SECTION ?=
TAGS ?=
# What an editor types (a title may hold quotes, $ or backticks) reaches the commands through the
# environment exactly as typed, never through the shell's parsing of the Makefile; make would
# expand a $ in these variables if it exported them itself, so it exports copies made with $(value).
unexport TITLE DATE CATEGORY OUT SECTION TAGS
export TYPED_TITLE := $(value TITLE)
export TYPED_DATE := $(value DATE)
export TYPED_CATEGORY := $(value CATEGORY)
export TYPED_OUT := $(value OUT)
export TYPED_SECTION := $(value SECTION)
export TYPED_TAGS := $(value TAGS)
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
# A switch (DRY_RUN, GITHUB_PUSH, ...) is on unless empty or a usual spelling of "no", as briefing/flags.py reads them.
is_on = $(filter-out 0 false False FALSE no No NO off Off OFF n N,$(strip $(1)))
.PHONY: lighthouse help html serve devserver regenerate clean publish rsync_upload github s3_upload test bench import new check

help: ## list the targets
	@grep -E '^[a-z_-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 16

# Installs take the exact versions of requirements.lock (`make lock` refreshes it). A dependency
# the lock does not list yet installs unpinned; one the lock contradicts makes pip install without
# the lock, and say so: run `make lock` then.
LOCK := requirements.lock
define pip_install
	$(BIN)/python -m pip install --quiet -c $(LOCK) $(1) || { \
		echo "$(LOCK) does not fit pyproject.toml: installing without it; run 'make lock'" >&2; \
		$(BIN)/python -m pip install --quiet $(1); }
endef

$(VENV)/.installed: pyproject.toml $(LOCK)
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(call pip_install,-e .)
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml $(LOCK)
	$(call pip_install,-e '.[test]')
	@touch $@

LOCK_VENV := .venv-lock
lock: ## refresh requirements.lock: the versions a fresh install of pyproject.toml (with tests) gets today
	rm -rf $(LOCK_VENV)
	$(PY) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LOCK_VENV)/bin/python -m pip install --quiet -e '.[test]'
	{ echo "# Exact versions for reproducible installs: the Makefile installs with -c $(LOCK)."; \
	  echo "# Written by 'make lock' (pip freeze of a fresh install of pyproject.toml and its test extra)."; \
	  $(LOCK_VENV)/bin/python -m pip freeze --exclude-editable; } > $(LOCK).tmp
	mv $(LOCK).tmp $(LOCK)
	rm -rf $(LOCK_VENV)

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

html: $(VENV)/.installed ## build the site into output/ with pelicanconf
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS)

serve: html ## build, then serve on 127.0.0.1:$(PORT) (unknown addresses get the site's 404 page)
	$(BIN)/python -m briefing.serve -b $(BIND) -p $(PORT) $(OUTPUTDIR)

devserver: $(VENV)/.installed ## build, serve and rebuild on every change
	$(PELICAN) -lr $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) -b $(BIND) -p $(PORT) $(PELICANOPTS)

regenerate: $(VENV)/.installed ## rebuild on every change, without serving
	$(PELICAN) -r $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS)

publish: $(VENV)/.installed ## production build: strict, replaces output/ only when it succeeded
	$(BIN)/python -m briefing.publish $(INPUTDIR) -o $(OUTPUTDIR) -s $(PUBLISHCONF) $(PUBLISHOPTS)

# Deployment reads where to from the environment, never from the repository:
#   DEPLOY_DIR   the folder on the server (or a local folder when DEPLOY_HOST is empty)
#   DEPLOY_HOST  [user@]host to reach over SSH; DEPLOY_SSH the ssh command (e.g. "ssh -p 2222")
#   DRY_RUN=1    list what rsync would change, and change nothing
rsync_upload: publish ## mirror output/ to DEPLOY_HOST:DEPLOY_DIR with --delete (DRY_RUN=1 to preview)
	@test -n "$(DEPLOY_DIR)" || { echo 'rsync_upload: set DEPLOY_DIR (and DEPLOY_HOST for a server) in the environment' >&2; exit 2; }
	rsync --recursive --links --checksum --perms --chmod=D755,F644 --delete --delay-updates \
		--itemize-changes --stats $(if $(DEPLOY_HOST),--compress -e "$(DEPLOY_SSH)") \
		$(if $(call is_on,$(DRY_RUN)),--dry-run) \
		"$(OUTPUTDIR)/" "$(if $(DEPLOY_HOST),$(DEPLOY_HOST):)$(DEPLOY_DIR)/"

github: publish ## commit output/ to the GITHUB_PAGES_BRANCH branch with ghp-import and push it
	$(BIN)/ghp-import --no-jekyll --branch "$(GITHUB_PAGES_BRANCH)" \
		--message "Publish site from $$(git rev-parse --short HEAD 2>/dev/null || echo 'a working tree')" \
		$(if $(GITHUB_PAGES_CNAME),--cname "$(GITHUB_PAGES_CNAME)") \
		$(if $(call is_on,$(GITHUB_PUSH)),--push --remote "$(GITHUB_PAGES_REMOTE)") "$(OUTPUTDIR)"

# S3_BUCKET (and S3_PREFIX, S3_ENDPOINT_URL, S3_PRECOMPRESSED, S3_PURGE_COMMAND) and the AWS credentials
# come from the environment, never from the repository; DRY_RUN=1 prints the plan and changes nothing.
s3_upload: publish ## sync output/ to the S3-compatible bucket S3_BUCKET, changed files only (DRY_RUN=1 to preview)
	DRY_RUN="$(DRY_RUN)" $(BIN)/briefing deploy s3 --output "$(OUTPUTDIR)"

# SRC is split into paths at spaces; DRY_RUN=1 shows the posts and writes nothing.
import: $(VENV)/.installed ## import raw articles: make import SRC="file folder feed.xml" [TITLE=… DATE=… CATEGORY=…]
	@test -n "$(SRC)" || { echo 'usage: make import SRC="path [path...]" [TITLE="…"] [DATE=YYYY-MM-DD] [CATEGORY=section] [OUT=folder] [DRY_RUN=1]' >&2; exit 2; }
	$(BIN)/briefing import $(if $(value TITLE),--title "$$TYPED_TITLE") $(if $(value DATE),--date "$$TYPED_DATE") \
		$(if $(value CATEGORY),--category "$$TYPED_CATEGORY") $(if $(value OUT),--out "$$TYPED_OUT") \
		$(if $(call is_on,$(DRY_RUN)),--dry-run) $(SRC)

new: $(VENV)/.installed ## start a draft briefing: make new TITLE="..." [SECTION=Mining] [TAGS="Dysprosium China"]
	@test -n "$$TYPED_TITLE" || { echo 'usage: make new TITLE="the title" [SECTION=...] [TAGS="..."]' >&2; exit 2; }
	$(BIN)/briefing new "$$TYPED_TITLE" $(if $(value SECTION),--section "$$TYPED_SECTION") $(if $(value TAGS),--tags $$TYPED_TAGS)

check: $(VENV)/.installed ## check posts (contract, style, duplicates) with file and line: make check [FILES=...]
	$(BIN)/briefing check $(FILES)

test: $(VENV)/.installed-test node_modules/.installed ## run the whole test suite, as CI does
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(VENV)/.installed-test ## run the benchmarks in bench/ and write bench/RESULTS.md
	$(BIN)/python -m bench.run

lighthouse: $(VENV)/.installed node_modules/.installed ## Lighthouse on one page of each kind of a production build, into bench/LIGHTHOUSE.md
	$(BIN)/python -m bench.lighthouse

clean: ## remove build output and caches (and what a killed make publish left beside output/)
	rm -rf $(OUTPUTDIR) $(dir $(OUTPUTDIR)).staging-$(notdir $(OUTPUTDIR))-* cache .pytest_cache .hypothesis

# The newsletter: WEEK=2025-W47 picks the ISO week (default: the last complete one), DAY=2025-11-10
# (or DAY=yesterday) a day's issue. Sending reads the mail service from the environment: SMTP_HOST,
# SMTP_PORT, SMTP_TLS (starttls, ssl or none), SMTP_USER, SMTP_PASSWORD; recipients
# NEWSLETTER_RECIPIENTS_FILE or NEWSLETTER_TO. DRY_RUN=1 prints what would be sent; FORCE=1 sends an
# issue to everyone again (both take 1/0, true/false, yes/no). A plain rerun sends only to whoever
# was deferred or never tried.
WEEK ?=
DAY ?=
FORCE ?=
NEWSLETTER_PERIOD = $(if $(WEEK),--week "$(WEEK)") $(if $(DAY),--day "$(DAY)")
.PHONY: newsletter send-newsletter

newsletter: $(VENV)/.installed ## build an issue into output/newsletter/<week or day>/ (WEEK=2025-W47 or DAY=2025-11-10)
	$(BIN)/python -m briefing.newsletter build --settings $(PUBLISHCONF) --output $(OUTPUTDIR) $(NEWSLETTER_PERIOD)

send-newsletter: $(VENV)/.installed ## send the built issue to whoever is owed it (WEEK= or DAY=, DRY_RUN=1, FORCE=1)
	$(BIN)/python -m briefing.newsletter send --settings $(PUBLISHCONF) --output $(OUTPUTDIR) $(NEWSLETTER_PERIOD) \
		$(if $(DRY_RUN),--dry-run="$(DRY_RUN)") $(if $(FORCE),--force="$(FORCE)")
