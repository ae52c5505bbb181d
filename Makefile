# Article Profiler. `make` lists the targets; `make report` and `make test` are the two you need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
CORPUS ?= seeds
OUT    ?= reports
CHROMIUM ?= /usr/bin/chromium

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the pinned dependencies and the helpers package

$(CHROMIUM):
	@echo "Installing Debian's chromium for the browser tests (needs apt-get and root)"
	apt-get update -qq && apt-get install -y -qq chromium >/dev/null

chromium: $(CHROMIUM) ## Install headless Chromium for the browser tests

report: $(STAMP) ## Profile $(CORPUS) (default seeds/) and write HTML reports and tables to $(OUT)/
	$(BIN)/article-profiler report $(CORPUS) --out $(OUT)

profile: $(STAMP) ## Write the frames (CSV and Parquet) for $(CORPUS) to $(OUT)/tables/ without notebooks
	$(BIN)/article-profiler profile $(CORPUS) --out $(OUT)/tables

# JPY_SESSION_NAME (set by Jupyter for its kernels) is dropped so that `make test` run from a JupyterLab kernel does
# not hand it on to the nbval kernels, which would then show tables as in JupyterLab instead of as stored.
test: $(STAMP) $(CHROMIUM) ## Run the whole test suite: unit tests, nbval notebook regression, browser checks
	unset JPY_SESSION_NAME && export ARTICLE_PROFILER_CACHE=$$(mktemp -d) && \
	$(BIN)/python -m pytest tests -p no:cacheprovider && \
	$(BIN)/python -m pytest --nbval notebooks --nbval-sanitize-with notebooks/nbval-sanitize.cfg -p no:cacheprovider

bench: $(STAMP) ## Run the benchmarks on the real corpora in ../shared (slow)
	$(BIN)/python benchmarks/claims_polnear.py --split dev
	$(BIN)/python benchmarks/corpus.py

clean: ## Remove reports and caches (keeps .venv)
	rm -rf $(OUT) .cache .pytest_cache

.PHONY: help install chromium report profile test bench clean
