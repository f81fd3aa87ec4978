# CRM Lab: every target creates .venv on first use and installs into it.
#   make book   build the HTML book, executing every chapter (the main job)
#   make test   the whole test suite (builds the book first)
#   make lab    JupyterLab for self-learners, chapters open as notebooks
# Instructor targets (nbgrader, course directory exercises/):
#   make release                    student versions of every assignment
#   make autograde ASSIGNMENT=name  autograde the collected submissions
#   make feedback ASSIGNMENT=name   feedback HTML for the students
#   make grades                     export every grade to exercises/grades.csv

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
BOOK_FLAGS := -n -W --keep-going
# nbgrader runs `alembic` from PATH, so the venv must be on it.
NBGRADER := cd exercises && PATH="$(CURDIR)/$(BIN):$$PATH" ../$(BIN)/nbgrader
ASSIGNMENTS := $(notdir $(wildcard exercises/source/ch*))

.PHONY: help install book test lab release autograde feedback grades clean

help:
	@sed -n '2,10p' Makefile

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e ".[dev]"
	touch $@

install: $(INSTALLED)

book: $(INSTALLED)
	$(BIN)/jupyter-book build . $(BOOK_FLAGS)
	@echo "The book is at file://$(CURDIR)/_build/html/index.html"

test: book
	$(BIN)/python -m pytest

# Opens in chapters/; jupytext lets JupyterLab open the .md chapters as notebooks.
LAB_FLAGS := --ServerApp.root_dir=chapters $(if $(filter 0,$(shell id -u)),--allow-root)

lab: $(INSTALLED)
	$(BIN)/jupyter lab $(LAB_FLAGS)

release: $(INSTALLED)
	for a in $(ASSIGNMENTS); do $(NBGRADER) generate_assignment $$a --force || exit 1; done
	@echo "Student versions are in exercises/release/"

autograde: $(INSTALLED)
	@test -n "$(ASSIGNMENT)" || (echo "usage: make autograde ASSIGNMENT=<name>" && exit 2)
	$(NBGRADER) autograde $(ASSIGNMENT) --create --force

feedback: $(INSTALLED)
	@test -n "$(ASSIGNMENT)" || (echo "usage: make feedback ASSIGNMENT=<name>" && exit 2)
	$(NBGRADER) generate_feedback $(ASSIGNMENT) --force

grades: $(INSTALLED)
	$(NBGRADER) export --to grades.csv
	@echo "Grades are in exercises/grades.csv"

clean:
	rm -rf _build exercises/release exercises/autograded exercises/feedback
