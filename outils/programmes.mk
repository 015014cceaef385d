# programmes.mk : compile les programmes d'un TP (un programme par fichier .c).
#   make -f outils/programmes.mk SRC=labs/01-messages OUT=build/labs/01-messages \
#        PROGS="serveur client"
# COMMUN=build/commun.o lie un objet déjà compilé au lieu de recompiler common/commun.c (les
# autotests compilent ainsi des dizaines de mutants).
include outils/drapeaux.mk
COMMUN ?= common/commun.c

all: $(addprefix $(OUT)/,$(PROGS))

$(OUT):
	@mkdir -p $@

$(OUT)/%: $(SRC)/%.c $(wildcard $(SRC)/*.h) $(COMMUN) common/commun.h | $(OUT)
	$(CC) $(CFLAGS_TP) -Icommon -I$(SRC) -o $@ $< $(COMMUN)

