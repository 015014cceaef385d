# drapeaux.mk : options de compilation communes aux TP, aux solutions et aux correcteurs.
CC ?= cc
CFLAGS_TP = -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -g -O1
