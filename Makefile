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
# Kit étudiant (make kit) : pas de solutions/, correcteurs et références précompilés dans
# precompile/ ; « make grade » s'en sert au lieu de les compiler.
KIT := $(if $(wildcard solutions/.),,$(if $(wildcard precompile/.),1))
PRE := $(if $(KIT),precompile,$(B))
export SRC LAB JSON TEST VALGRIND B LABS PRE

BANC_SRC := $(wildcard tests/harness/*.c)
BANC_OBJ := $(patsubst tests/harness/%.c,$(B)/banc/%.o,$(BANC_SRC))
BANC_H := $(wildcard tests/harness/*.h)
CHECK_CFLAGS = $(shell pkg-config --cflags check)
CHECK_LIBS = $(shell pkg-config --libs check)
CORRECTEURS := $(foreach l,$(LABS),$(B)/tests/$(l)/correcteur)
programmes = $(shell cat tests/$(1)/programmes)
# Sans cela, make efface les objets du banc après chaque édition de liens (intermédiaires).
.SECONDARY: $(BANC_OBJ)

# Correction d'une classe (make classe) et archives pour les étudiants et pour Gradescope.
RENDUS ?=
MOODLE ?=
FEUILLE ?=
SEUIL ?=
SORTIE ?= $(B)/classe
J ?=
BUDGET ?=
KIT_DIR := $(B)/kit/tp-ipc
# La copie propre des enseignants (make classe, Gradescope) : comme le kit, mais ses correcteurs
# gardent les items cachés (ITEM_CACHE dans tests/harness/banc.h).
COPIE_DIR := $(B)/copie/tp-ipc
STAT := $(B)/kit-bin

.PHONY: all grade check clean help squelettes dependances references correcteurs \
	_programmes _grade _check demo classe kit kit-arbre copie-arbre gradescope vpl _hors-kit \
	_references-statiques banc-asan bench-04

DEMOS := $(patsubst outils/demos/demo-%.sh,%,$(sort $(wildcard outils/demos/demo-*.sh)))

ifdef KIT
help:
	@echo "tp-ipc (kit étudiant) — TP de communications System V"
	@echo
	@echo "  make grade [LAB=NN-nom] [SRC=dossier] [JSON=fichier] [TEST=item] [VALGRIND=1]"
	@echo "        compile et note vos TP (défaut : labs/) ; note sur 20 par TP"
	@echo "  make all          compile les squelettes de labs/"
	@echo "  make clean        efface build/"
	@echo
	@echo "Correcteurs et programmes de référence précompilés dans precompile/ :"
	@echo "il suffit de gcc et make (valgrind pour l'item « valgrind »)."
	@echo "TP disponibles : $(LABS)"
else
help:
	@echo "tp-ipc — TP de communications System V (files, mémoire partagée, sémaphores)"
	@echo
	@echo "  make grade [LAB=NN-nom] [SRC=dossier] [JSON=fichier] [TEST=item] [VALGRIND=1]"
	@echo "        compile et note les TP de SRC (défaut : labs) ; note sur 20 par TP"
	@echo "  make check        autotests : banc, solutions à 20/20, squelettes, mutants, classe"
	@echo "  make banc-asan    le banc et son faux TP sous AddressSanitizer/UBSan (build/asan/)"
	@echo "  make all          compile les squelettes (labs/) et les solutions"
	@echo "  make demo         liste les démonstrations ; make demo-NN en lance une (AUTO=1 : sans pause)"
	@echo "  make bench-04 [MIO=n]  débits de l'anneau et de la file du TP 4, à côté de memcpy"
	@echo "  make squelettes   régénère labs/ depuis solutions/ (enseignants)"
	@echo "  make clean        efface build/"
	@echo
	@echo "Enseignants :"
	@echo "  make classe RENDUS=dossier [SORTIE=dossier] [J=n] [LAB=NN-nom,...] [BUDGET=s]"
	@echo "        note tous les rendus (un dossier, .tar.gz ou .zip par étudiant) en parallèle,"
	@echo "        chacun dans un bac à sable ; écrit SORTIE/notes.csv (défaut : $(B)/classe)"
	@echo "        et, par étudiant, rapport.txt et results.json ; outils/classe.sh -h : détails"
	@echo "  make classe MOODLE=téléchargement.zip [FEUILLE=feuille.csv] [LAB=NN-nom] [SEUIL=%]"
	@echo "        un devoir Moodle tel quel : feuille de notation remplie et zip de feedback"
	@echo "        dans SORTIE/moodle/ ; similarités entre rendus (sim_c) dans similarites.txt"
	@echo "  make kit          $(B)/kit/tp-ipc-kit.tar.gz : le kit étudiant, sans les solutions"
	@echo "  make gradescope [LAB=NN-nom] [BUDGET=s]"
	@echo "        $(B)/gradescope/autograder.zip : l'autograder Gradescope (TP notés : LAB)"
	@echo "  make vpl [LAB=NN-nom]"
	@echo "        $(B)/vpl/NN-nom/ : de quoi créer une activité Moodle VPL (LISEZMOI.txt)"
	@echo
	@echo "TP disponibles : $(LABS)"
endif

dependances:
	@outils/dependances.sh

all: dependances
	@$(MAKE) --no-print-directory _programmes

# Les solutions compilées sont les programmes de référence des correcteurs (build/ref).
_programmes: references
	@set -e; for l in $(LABS); do \
		$(MAKE) --no-print-directory -s -f outils/programmes.mk SRC=labs/$$l \
			OUT=$(B)/labs/$$l PROGS="$$(cat tests/$$l/programmes)"; \
	done

ifdef KIT
# Dans le kit, références et correcteurs sont déjà dans precompile/.
references correcteurs:
	@:
else
references:
	@set -e; for l in $(LABS); do \
		$(MAKE) --no-print-directory -s -f outils/programmes.mk SRC=solutions/$$l \
			OUT=$(B)/ref/$$l PROGS="$$(cat tests/$$l/programmes)"; \
	done

correcteurs: $(CORRECTEURS)
endif

# common/ compilé une fois pour les mutants des autotests (outils/programmes.mk COMMUN=).
$(B)/commun.o: common/commun.c common/commun.h outils/drapeaux.mk
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_TP) -Icommon -c -o $@ $<

$(B)/banc/%.o: tests/harness/%.c $(BANC_H)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_TP) $(CHECK_CFLAGS) -c -o $@ $<

$(B)/tests/%/correcteur: tests/%/correcteur.c $(BANC_OBJ) $(BANC_H)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_TP) $(CHECK_CFLAGS) -Itests/harness -Icommon -Isolutions/$* -Ilabs/$* -o $@ $< \
		$(BANC_OBJ) $(CHECK_LIBS)

# Règle K4 du TP 0 : un ftok décalé (LD_PRELOAD), inclus tel quel dans le correcteur (.incbin) :
# ni le kit ni la copie des enseignants n'ont de fichier de plus à livrer.
FTOK_DECALE := $(B)/tests/00-cles/ftok-decale.so
CORRECTEURS_00 := $(B)/tests/00-cles/correcteur $(STAT)/tests/00-cles/correcteur \
	$(STAT)/kit/tests/00-cles/correcteur
$(FTOK_DECALE): tests/00-cles/ftok-decale.c outils/drapeaux.mk
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_TP) -shared -fPIC -o $@ $<
$(CORRECTEURS_00): $(FTOK_DECALE)
$(CORRECTEURS_00): CFLAGS_TP += -DFTOK_DECALE='"$(abspath $(FTOK_DECALE))"'

# Le banc et le faux TP des autotests sous AddressSanitizer et UBSan : make check les fait
# tourner sur les faux programmes (lancer.sh) et échoue sur tout rapport. -O1 et -g comme
# ailleurs ; le cadre de pile gardé rend les piles des rapports lisibles.
ASAN := -fsanitize=address,undefined -fno-omit-frame-pointer
BANC_ASAN_OBJ := $(patsubst tests/harness/%.c,$(B)/asan/banc/%.o,$(BANC_SRC))
.SECONDARY: $(BANC_ASAN_OBJ)
$(B)/asan/banc/%.o: tests/harness/%.c $(BANC_H)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_TP) $(ASAN) $(CHECK_CFLAGS) -c -o $@ $<
$(B)/asan/correcteur: tests/autotests/correcteur.c $(BANC_ASAN_OBJ) $(BANC_H)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_TP) $(ASAN) $(CHECK_CFLAGS) -Itests/harness -o $@ $< $(BANC_ASAN_OBJ) \
		$(CHECK_LIBS)

# Les faux programmes hostiles des autotests du banc.
# Le faux TP compilé comme pour le kit : son item caché doit en être absent.
$(B)/autotests/correcteur-kit: tests/autotests/correcteur.c $(BANC_OBJ) $(BANC_H)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_TP) -DBANC_KIT $(CHECK_CFLAGS) -Itests/harness -o $@ $< $(BANC_OBJ) \
		$(CHECK_LIBS)

$(B)/autotests/pret: tests/autotests/fuit.c tests/autotests/attend.c tests/autotests/essaim.c \
	tests/autotests/appels.c tests/autotests/sortie-lente.c \
	$(wildcard tests/autotests/faux/*)
	@mkdir -p $(B)/autotests/etudiant $(B)/autotests/ref
	cp tests/autotests/faux/* $(B)/autotests/etudiant/
	$(CC) $(CFLAGS_TP) -o $(B)/autotests/etudiant/fuit tests/autotests/fuit.c
	$(CC) $(CFLAGS_TP) -o $(B)/autotests/etudiant/attend tests/autotests/attend.c
	$(CC) $(CFLAGS_TP) -o $(B)/autotests/etudiant/essaim tests/autotests/essaim.c
	$(CC) $(CFLAGS_TP) -o $(B)/autotests/etudiant/appels tests/autotests/appels.c
	$(CC) $(CFLAGS_TP) -o $(B)/autotests/etudiant/sortie-lente tests/autotests/sortie-lente.c
	ln -sf /bin/false $(B)/autotests/ref/false
	@touch $@

grade: dependances
	@$(MAKE) --no-print-directory -s _grade

_grade: references correcteurs
	@outils/noter.sh

ifdef KIT
check squelettes kit kit-arbre copie-arbre gradescope vpl demo banc-asan: _hors-kit
_hors-kit:
	@echo "make $(MAKECMDGOALS) : réservé au dépôt des enseignants (pas dans le kit étudiant)." >&2
	@exit 2
else
# La dernière ligne de make check est celle de lancer.sh, « N passed, N failed », même en cas
# d'échec : make ferait suivre un échec de sa ligne « make: *** [...] Error 1 », on le termine
# donc par SIGPIPE (que make n'intercepte pas et que les shells ne signalent pas ; code 141).
# Si SIGPIPE est ignoré (hérité du parent), make survit et affiche sa ligne : le code reste non nul.
check:
	@outils/dependances.sh --autotests
	@$(MAKE) --no-print-directory -s -j$$(nproc) _check
	@tests/autotests/lancer.sh || { kill -PIPE $$PPID; exit 1; }

_check: _programmes references correcteurs $(B)/commun.o $(B)/tests/autotests/correcteur vpl \
	$(B)/autotests/correcteur-kit $(B)/autotests/pret $(B)/asan/correcteur \
	kit gradescope

banc-asan: $(B)/asan/correcteur

squelettes:
	@outils/squelettes.sh

# ---- Kit étudiant et Gradescope ----
# Correcteurs liés statiquement à Check et subunit, dynamiquement à la seule libc : ils tournent
# sans Check sur toute machine Linux x86-64 à glibc 2.34 ou plus (Debian 12, Ubuntu 22.04...).
# La libc reste dynamique : getpwuid() d'une libc statique plante pour un compte LDAP ou absent de
# /etc/passwd (modules NSS chargés par dlopen).
CHECK_STATIQUE = -Wl,-Bstatic -lcheck_pic -lsubunit -Wl,-Bdynamic -pthread -lrt -lm
# Pour la copie des enseignants, avec les items cachés ; pour le kit (-DBANC_KIT), sans.
$(STAT)/tests/%/correcteur: tests/%/correcteur.c $(BANC_OBJ) $(BANC_H)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_TP) $(CHECK_CFLAGS) -Itests/harness -Icommon -Isolutions/$* -Ilabs/$* \
		-o $@ $< $(BANC_OBJ) $(CHECK_STATIQUE)
$(STAT)/kit/tests/%/correcteur: tests/%/correcteur.c $(BANC_OBJ) $(BANC_H)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_TP) -DBANC_KIT $(CHECK_CFLAGS) -Itests/harness -Icommon -Isolutions/$* \
		-Ilabs/$* -o $@ $< $(BANC_OBJ) $(CHECK_STATIQUE)

_references-statiques:
	@set -e; for l in $(LABS); do \
		$(MAKE) --no-print-directory -s -f outils/programmes.mk SRC=solutions/$$l \
			OUT=$(STAT)/ref/$$l PROGS="$$(cat tests/$$l/programmes)"; \
	done

# L'arbre du kit (build/kit/tp-ipc) et la copie des enseignants (build/copie/tp-ipc), refaits
# seulement quand une de leurs sources change (plusieurs « make check » partagent build/).
ARBRE_SRC = Makefile README.md SUJETS.md .clang-format outils/kit/construire.sh \
	$(wildcard common/* labs/*/* outils/*.sh outils/*.mk outils/*.py outils/*.awk tests/*/programmes \
	tests/harness/*.h $(STAT)/ref/*/*)
kit-arbre: $(foreach l,$(LABS),$(STAT)/kit/tests/$(l)/correcteur) _references-statiques
	@$(MAKE) --no-print-directory -s $(B)/kit/pret
copie-arbre: $(foreach l,$(LABS),$(STAT)/tests/$(l)/correcteur) _references-statiques
	@$(MAKE) --no-print-directory -s $(B)/copie/pret

$(B)/kit/pret: $(ARBRE_SRC) $(wildcard $(STAT)/kit/tests/*/correcteur)
	@outils/kit/construire.sh $(B) $(KIT_DIR) $(STAT)/kit/tests
	@touch $@
$(B)/copie/pret: $(ARBRE_SRC) $(wildcard $(STAT)/tests/*/correcteur)
	@outils/kit/construire.sh $(B) $(COPIE_DIR) $(STAT)/tests
	@touch $@

$(B)/kit/tp-ipc-kit.tar.gz: $(B)/kit/pret
	@tar -C $(B)/kit -czf $@.$$$$ --owner=0 --group=0 tp-ipc && mv $@.$$$$ $@
	@echo "kit étudiant : $@ ($$(du -h $@ | cut -f1))"

kit: kit-arbre
	@$(MAKE) --no-print-directory -s $(B)/kit/tp-ipc-kit.tar.gz

gradescope: copie-arbre
	@BUDGET=$(BUDGET) outils/gradescope/construire.sh $(COPIE_DIR) $(B)/gradescope $(LAB)

# Moodle VPL : build/vpl/NN-nom/ (fichiers d'exécution, fichiers demandés, LISEZMOI.txt).
vpl: copie-arbre
	@outils/vpl/construire.sh $(COPIE_DIR) $(B)/vpl $(or $(LAB),$(LABS))
endif

# ---- Correction d'une classe ----
# MOODLE=téléchargement (zip ou dossier) et FEUILLE=feuille de notation : l'aller-retour Moodle ;
# les similarités entre rendus (sim_c) sont toujours calculées (outils/corriger-classe.sh).
classe:
	@test -n "$(RENDUS)$(MOODLE)" || { echo "make classe : indiquez RENDUS=dossier (un rendu par étudiant) ou MOODLE=téléchargement.zip" >&2; exit 2; }
	@outils/dependances.sh --classe
	@$(if $(KIT),:,$(MAKE) --no-print-directory -s copie-arbre)
	@RENDUS="$(RENDUS)" MOODLE="$(MOODLE)" FEUILLE="$(FEUILLE)" SORTIE="$(SORTIE)" LAB="$(LAB)" \
		SEUIL="$(SEUIL)" SQUELETTES="$(if $(KIT),labs,$(COPIE_DIR)/labs)" outils/corriger-classe.sh \
		$(if $(J),-j $(J)) $(if $(BUDGET),-b $(BUDGET)) $(if $(KIT),,-k $(COPIE_DIR))

demo:
	@echo "Démonstrations (programmes de référence) :"
	@for d in $(DEMOS); do printf '  make demo-%-4s %s\n' "$$d" \
		"$$(sed -n 's/^# Démo : //p' outils/demos/demo-$$d.sh)"; done
	@echo "AUTO=1 enchaîne les étapes sans attendre Entrée."

# Débits du TP 4 (un benchmark : aucune note n'en dépend) ; MIO=taille du fichier (256).
# Dépôt des enseignants seulement (le kit n'a pas outils/bench-04.sh).
ifndef KIT
bench-04: references
	@outils/bench-04.sh $(or $(MIO),256)
endif

demo-%: dependances
	@$(MAKE) --no-print-directory -s references
	@outils/demos/demo-$*.sh

clean:
	rm -rf $(B)
