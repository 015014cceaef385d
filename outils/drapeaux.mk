# drapeaux.mk : options de compilation communes aux TP, aux solutions et aux correcteurs.
CC ?= cc
# DEBOGAGE= (vide) pour les mutants de make check : -g ne change pas le code produit, et leurs
# rapports ne citent jamais de ligne (seul leur verdict compte) ; cela fait un tiers de cc1 en moins.
DEBOGAGE ?= -g
CFLAGS_TP = -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -Wall -Wextra -Werror $(DEBOGAGE) -O1
