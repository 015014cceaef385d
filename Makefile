# Makefile : l'unique point d'entrée de tp-ipc. « make help » liste les cibles.
include outils/drapeaux.mk

B := build
# Un TP existe dès qu'il a un correcteur : tests/NN-nom/programmes en liste les programmes.
LABS := $(patsubst tests/%/programmes,%,$(sort $(wildcard tests/*/programmes)))
SRC ?= labs
LAB ?=
JSON ?=
TEST ?=
VALGRIND ?=
export SRC LAB JSON TEST VALGRIND B LABS

BANC_SRC := $(wildcard tests/harness/*.c)
BANC_OBJ := $(patsubst tests/harness/%.c,$(B)/banc/%.o,$(BANC_SRC))
BANC_H := $(wildcard tests/harness/*.h)
CHECK_CFLAGS = $(shell pkg-config --cflags check)
CHECK_LIBS = $(shell pkg-config --libs check)
CORRECTEURS := $(foreach l,$(LABS),$(B)/tests/$(l)/correcteur)
programmes = $(shell cat tests/$(1)/programmes)

.PHONY: all grade check clean help squelettes dependances references correcteurs \
	_programmes _grade _check demo

DEMOS := $(patsubst outils/demos/demo-%.sh,%,$(sort $(wildcard outils/demos/demo-*.sh)))

help:
	@echo "tp-ipc — TP de communications System V (files, mémoire partagée, sémaphores)"
	@echo
	@echo "  make grade [LAB=NN-nom] [SRC=dossier] [JSON=fichier] [TEST=item] [VALGRIND=1]"
	@echo "        compile et note les TP de SRC (défaut : labs) ; note sur 20 par TP"
	@echo "  make check        autotests : banc, solutions à 20/20, squelettes, mutants"
	@echo "  make all          compile les squelettes (labs/) et les solutions"
	@echo "  make demo         liste les démonstrations ; make demo-NN en lance une (AUTO=1 : sans pause)"
	@echo "  make squelettes   régénère labs/ depuis solutions/ (enseignants)"
	@echo "  make clean        efface build/"
	@echo
	@echo "TP disponibles : $(LABS)"

dependances:
	@outils/dependances.sh

all: dependances
	@$(MAKE) --no-print-directory _programmes

_programmes:
	@set -e; for l in $(LABS); do for s in labs solutions; do \
		$(MAKE) --no-print-directory -s -f outils/programmes.mk SRC=$$s/$$l \
			OUT=$(B)/$$s/$$l PROGS="$$(cat tests/$$l/programmes)"; \
	done; done

references:
	@set -e; for l in $(LABS); do \
		$(MAKE) --no-print-directory -s -f outils/programmes.mk SRC=solutions/$$l \
			OUT=$(B)/ref/$$l PROGS="$$(cat tests/$$l/programmes)"; \
	done

$(B)/banc/%.o: tests/harness/%.c $(BANC_H)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_TP) $(CHECK_CFLAGS) -c -o $@ $<

$(B)/tests/%/correcteur: tests/%/correcteur.c $(BANC_OBJ) $(BANC_H)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_TP) $(CHECK_CFLAGS) -Itests/harness -Isolutions/$* -Ilabs/$* -o $@ $< \
		$(BANC_OBJ) $(CHECK_LIBS)

correcteurs: $(CORRECTEURS)

# Les faux programmes hostiles des autotests du banc.
$(B)/autotests/pret: tests/autotests/fuit.c $(wildcard tests/autotests/faux/*)
	@mkdir -p $(B)/autotests/etudiant $(B)/autotests/ref
	cp tests/autotests/faux/* $(B)/autotests/etudiant/
	$(CC) $(CFLAGS_TP) -o $(B)/autotests/etudiant/fuit tests/autotests/fuit.c
	ln -sf /bin/false $(B)/autotests/ref/false
	@touch $@

grade: dependances
	@$(MAKE) --no-print-directory -s _grade

_grade: references correcteurs
	@outils/noter.sh

check:
	@outils/dependances.sh --autotests
	@$(MAKE) --no-print-directory -s _check

_check: _programmes references correcteurs $(B)/tests/autotests/correcteur $(B)/autotests/pret
	@tests/autotests/lancer.sh

squelettes:
	@outils/squelettes.sh

demo:
	@echo "Démonstrations (programmes de référence) :"
	@for d in $(DEMOS); do printf '  make demo-%s   %s\n' "$$d" \
		"$$(sed -n 's/^# Démo : //p' outils/demos/demo-$$d.sh)"; done
	@echo "AUTO=1 enchaîne les étapes sans attendre Entrée."

demo-%: dependances
	@$(MAKE) --no-print-directory -s references
	@outils/demos/demo-$*.sh

clean:
	rm -rf $(B)
