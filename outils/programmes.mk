# programmes.mk : compile les programmes d'un TP (un programme par fichier .c).
#   make -f outils/programmes.mk SRC=labs/01-messages OUT=build/labs/01-messages \
#        PROGS="serveur client"
include outils/drapeaux.mk

all: $(addprefix $(OUT)/,$(PROGS))

$(OUT):
	@mkdir -p $@

$(OUT)/%: $(SRC)/%.c $(wildcard $(SRC)/*.h) common/commun.c common/commun.h | $(OUT)
	$(CC) $(CFLAGS_TP) -Icommon -I$(SRC) -o $@ $< common/commun.c
