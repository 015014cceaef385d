#!/bin/bash
# Démo : mémoire partagée — adresse d'attachement choisie, un segment attaché deux fois, un pointeur dans un segment (TP 2)
. "$(dirname "$0")/commun.sh"

# Les petits programmes de la démo (un concept chacun, dans outils/demos/) se compilent en
# arrière-plan dès le début, dans le dossier temporaire de la démo.
SOURCES=$RACINE/outils/demos
COMPILER='for p in shm-adresse shm-deux-fois shm-pointeur; do cc -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -O1 -Wall -Wextra -I"$SOURCES" -o "$D/$p" "$SOURCES/$p.c" || exit 1; done'
compiler_en_fond

# Le processus P est arrêté et le segment SEG compte N attachements.
arrete_avec() { vaut segment "$SEG" attaches "$1" && arrete "$P"; }

demarrer "Démo 2 b — Mémoire partagée : les adresses d'attachement" \
	"Chaque processus voit le segment à l'adresse que shmat lui donne. Trois conséquences que le TP 2 ne montre pas : l'adresse peut être choisie, un processus peut attacher deux fois le même segment, et un pointeur rangé dans le segment ne vaut que pour celui qui l'a écrit."
compilation_attendue

etape "Demande d'accès : attachement" "Une adresse d'attachement choisie" \
	"shmat(id, adrForce, options) : avec adrForce = NULL, le système choisit ; sinon il attache à l'adresse donnée, qui doit être un multiple de SHMLBA, ou bien SHM_RND l'arrondit."
montrer 'shm-adresse "$CLE"'
dire "Une adresse non alignée est refusée (EINVAL) ; avec SHM_RND, elle est arrondie au multiple de SHMLBA inférieur. Le cours dit « rare » : forcer l'adresse ne garantit rien aux autres processus, et l'adresse voulue peut être déjà prise."
suite

etape "Abandon - détachement" "Le même segment attaché deux fois ; shmdt prend une adresse" \
	"Un processus attache deux fois le même segment : deux adresses, deux projections, le même contenu. Il s'arrête lui-même pour qu'on regarde."
fond P 'shm-deux-fois "$CLE"'
KW=$(cle "$CLE" W | head -n 1)
attendre_que "le segment" connu segment "$KW"
SEG=$(id_de segment "$KW")
attendre_que "les deux attachements" arrete_avec 2
etat segments
montrer "grep SYSV /proc/$P/maps"
dire "attaches=2 pour un seul processus, et deux lignes dans /proc/$P/maps. Avec l'identifiant seul, shmdt ne saurait pas laquelle retirer ; avec une adresse, si :"
montrer "kill -CONT $P"
attendre_que "le premier détachement" arrete_avec 1
etat segments
montrer "grep SYSV /proc/$P/maps"
montrer "kill -CONT $P"
attendre_que "la fin du processus" fini "$P"
attendre_que "la disparition du segment" absent segment "$SEG"
suite

etape "Exemples" "Un pointeur rangé dans un segment" \
	"Comme la struct uneChaine du cours et son champ suiv, l'écrivain range dans le segment un pointeur vers un texte du segment, et aussi son décalage depuis le début du segment. Le lecteur attache le segment ailleurs et suit l'un puis l'autre."
montrer 'shm-pointeur ecrire "$CLE" "le texte de l’écrivain"'
etat segments
montrer 'shm-pointeur lire "$CLE"'
fin "Le pointeur ne vaut que dans l'espace de l'écrivain ; le décalage, ajouté à l'adresse d'attachement de chacun, vaut partout. D'où un tableau sans pointeur au TP 2, et des indices pour chaîner des éléments."
