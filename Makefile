# Two commands do all the set-up on a fresh machine: `make chat` and `make test`.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: chat test lint setup llm-local apt clean-index

chat: setup ## start the web chat on http://127.0.0.1:7860 (builds the index first if needed)
	$(BIN)/python app.py

test: setup llm-local lint ## lint and type checks, then every test: unit, integration, server, browser, accessibility, quality gate
	@$(MAKE) --no-print-directory apt PACKAGES=chromium
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest -q

lint: setup ## ruff (lint and format) and mypy, as the pre-commit hooks run them
	$(BIN)/ruff check assistant tests benchmarks app.py
	$(BIN)/ruff format --check assistant tests benchmarks app.py
	$(BIN)/mypy

setup: $(STAMP)

# The CPU build of torch goes in first: left to itself, sentence-transformers pulls a multi-GB CUDA build.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	@$(MAKE) --no-print-directory apt PACKAGES="wdanish dict-freedict-eng-dan dict-freedict-dan-eng mythes-da"
	touch $(STAMP)

# The real-model test's llama.cpp server and Gemma 3 270M (`make test` only). llama-cpp-python builds from
# source: about 30 minutes on 2 busy cores the first time (13 on idle ones), then pip's wheel cache reuses it. A portable
# build (no -march=native): a native one died with "illegal instruction" on another CPU.
LLM_STAMP := $(VENV)/.installed-llm-local
llm-local: $(LLM_STAMP)

$(LLM_STAMP): $(STAMP)
	CMAKE_ARGS="-DGGML_NATIVE=OFF" $(BIN)/python -m pip install --quiet -e '.[test,dev,llm-local]'
	touch $(LLM_STAMP)

# Debian packages: wdanish (the word list for de-hyphenation), chromium (the browser tests).
apt:
	@missing=""; for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Please install with apt:$$missing"; fi; \
	fi

clean-index:
	rm -rf index/build-* index/CURRENT
