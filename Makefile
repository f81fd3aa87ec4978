# CRM Lab: every target creates .venv on first use and installs into it.
#   make book   build the HTML book, executing every chapter (the main job)
#   make check  unit tests, doctests and lint, without the book: the fast loop
#   make test   the whole test suite (builds the book first)
#   make lab    JupyterLab for self-learners, chapters open as notebooks
#   make pdf    the whole book as one PDF: _build/pdf/crmlab.pdf
#   make instructor  the instructor edition (with rubrics): _build/instructor/_build/html
#   make system-deps  Debian packages: Chromium, a CJK font, bubblewrap, npm (apt-get)
# Instructor targets (nbgrader, course directory exercises/):
#   make release                    student versions of every assignment
#   make collect ASSIGNMENT=name FROM=folder  file the returned notebooks
#   make autograde ASSIGNMENT=name  check, repair and grade every submission (sandboxed), with a report
#   make formgrader                 grade the written answers in the browser
#   make feedback ASSIGNMENT=name   feedback HTML for the students
#   make grades                     exercises/grades.csv and grades.xlsx
#   make exam CHAPTERS=3,7 SEED=1   an exam paper and its answer key (PDF) from the exam pools

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
BOOK_FLAGS := -n -W --keep-going
# KaTeX (equations typeset at build time) and the explorers' scripts (package.json)
NODE_INSTALLED := node_modules/.package-lock.json
# Chromium: browser test and PDF; a CJK font: Chinese in figures and the PDF;
# bubblewrap: the sandbox each student's code is autograded in
SYSTEM_PACKAGES := chromium fonts-wqy-microhei bubblewrap

.PHONY: help install system-deps book instructor pdf test lab release collect autograde feedback grades formgrader exam clean

help:
	@sed -n '2,17p' Makefile

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e ".[dev]"
	touch $@

install: $(INSTALLED)

# apt-get only what is missing (npm only when there is no npm at all); a package
# removed but not purged still answers `dpkg -s`, so its status is checked;
# elsewhere, say what to install and go on.
system-deps:
	@missing="$$(for p in $(SYSTEM_PACKAGES); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done; \
	  command -v npm >/dev/null || echo npm)"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null; then \
	  echo "Not a Debian system: install $$missing (or equivalents) yourself."; exit 0; fi; \
	sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	echo "Installing" $$missing; \
	$$sudo apt-get update && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing

$(NODE_INSTALLED): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

book: system-deps $(INSTALLED) $(NODE_INSTALLED)
	$(BIN)/jupyter-book build . $(BOOK_FLAGS)
	@echo "The book is at file://$(CURDIR)/_build/html/index.html"

# One HTML page of the whole book (reusing the execution cache), printed by
# headless Chromium once its images and fonts have loaded (equations come typeset).
pdf: system-deps $(INSTALLED) $(NODE_INSTALLED)
	$(BIN)/jupyter-book build . --builder singlehtml $(BOOK_FLAGS)
	$(BIN)/python scripts/print_pdf.py _build/singlehtml _build/pdf/crmlab.pdf

# The student book plus the instructor guide; reuses the book's execution cache.
INSTRUCTOR := _build/instructor
instructor: book
	$(BIN)/python scripts/instructor_edition.py $(INSTRUCTOR)
	$(BIN)/jupyter-book build . --toc $(INSTRUCTOR)/_toc.yml \
	  --config $(INSTRUCTOR)/_config.yml --path-output $(INSTRUCTOR) $(BOOK_FLAGS)
	@echo "The instructor edition is at file://$(CURDIR)/$(INSTRUCTOR)/_build/html/index.html"

# Leaves out what needs the book, a browser, nbgrader or minutes (the markers in
# pyproject.toml); builds nothing. About half a minute on two cores.
.PHONY: check
check: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -m "not book and not browser and not grading and not slow"

test: book instructor pdf
	$(BIN)/python -m pytest --durations=15

# Opens in chapters/; jupytext lets JupyterLab open the .md chapters as notebooks.
LAB_FLAGS := --ServerApp.root_dir=chapters $(if $(filter 0,$(shell id -u)),--allow-root)

lab: $(INSTALLED)
	$(BIN)/jupyter lab $(LAB_FLAGS)

# Instructor targets run exercises/batch.py (COURSE= another course directory).
# It checks and repairs each submission, grades each student on their own and
# reports what happened; see book/instructor_guide.md.
COURSE ?= exercises
BATCH = PATH="$(abspath $(BIN)):$$PATH" UNSAFE=$(UNSAFE) $(BIN)/python exercises/batch.py --course $(COURSE)
FORMGRADER_FLAGS := --ServerApp.root_dir=. --ServerApp.default_url=/formgrader \
  $(if $(filter 0,$(shell id -u)),--allow-root)

release: $(INSTALLED)
	$(BATCH) release
	@echo "Student versions are in $(COURSE)/release/"

# FROM: a folder per student (named by id), or one <student_id>.ipynb per student.
collect: $(INSTALLED)
	@test -n "$(ASSIGNMENT)" -a -n "$(FROM)" || \
	  (echo "usage: make collect ASSIGNMENT=<name> FROM=<folder>" && exit 2)
	$(BATCH) collect $(ASSIGNMENT) "$(FROM)"

# Each submission runs in a bubblewrap sandbox (exercises/sandbox.py); without
# bubblewrap it refuses, unless UNSAFE=1 (student code then runs as you).
autograde: $(INSTALLED)
	@test -n "$(ASSIGNMENT)" || (echo "usage: make autograde ASSIGNMENT=<name> [UNSAFE=1]" && exit 2)
	$(BATCH) autograde $(ASSIGNMENT)

feedback: $(INSTALLED)
	@test -n "$(ASSIGNMENT)" || (echo "usage: make feedback ASSIGNMENT=<name>" && exit 2)
	$(BATCH) feedback $(ASSIGNMENT)

grades: $(INSTALLED)
	$(BATCH) grades

# nbgrader's formgrader (grade the written answers) in JupyterLab, in the course folder.
formgrader: $(INSTALLED)
	cd $(COURSE) && PATH="$(abspath $(BIN)):$$PATH" $(abspath $(BIN))/jupyter lab $(FORMGRADER_FLAGS) $(FORMGRADER_EXTRA)

# An exam paper in the structure of one of the course's papers, drawn from the
# chapters' exam pools (exercises/source/*/exam_questions.yml), reproducible from
# SEED: _build/exam/exam-chNN-...-seedN.pdf and its answer key (-key.pdf).
# LAYOUT=abc gives the structure of papers A-C. Instructors only: do not publish.
SEED ?= 1
LAYOUT ?= final
exam: system-deps $(INSTALLED)
	@test -n "$(CHAPTERS)" || (echo "usage: make exam CHAPTERS=3,7 [SEED=1] [LAYOUT=final|abc]" && exit 2)
	$(BIN)/python scripts/exam_paper.py --chapters $(CHAPTERS) --seed $(SEED) --layout $(LAYOUT)

clean:
	rm -rf _build exercises/release exercises/autograded exercises/feedback exercises/checked
