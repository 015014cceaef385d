#!/bin/bash
# Démo : mémoire partagée et sémaphore — quatre écrivains attendent leur tour, SEM_UNDO (TP 2)
. "$(dirname "$0")/commun.sh"

# Pause en section critique des écrivains ralentis (TABLEAU_PAUSE, en ms) : visible en classe.
if [ "$AUTO" = 1 ]; then LENT=5; else LENT=400; fi

# La variante sans SEM_UNDO (étape 5) se compile en arrière-plan dès le début, pour ne pas faire
# attendre la classe : la référence, avec sem_flg = 0 (le mutant sans_sem_undo du TP 2).
SANS=$D/sans-undo
COMPILER='cc -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -O1 -I"$RACINE/common" -I"$SANS" -o "$D/tableau-sans-undo" "$SANS/tableau.c" "$RACINE/common/commun.c"'
mkdir -p "$SANS"
cp "$RACINE"/solutions/02-tableau/*.[ch] "$SANS/"
if ! patch -s -p1 -d "$SANS" <"$RACINE/tests/02-tableau/mutants/sans_sem_undo.patch" >/dev/null 2>&1; then
	sed -i 's/\.sem_flg = SEM_UNDO/.sem_flg = 0/' "$SANS/tableau.c"
fi
compiler_en_fond

demarrer "Démo 2 — Un tableau en mémoire partagée, protégé par un sémaphore (TP 2)" \
	"Un segment contient des cases et leur total ; un sémaphore (valeur 1) n'y laisse entrer qu'un écrivain à la fois. Le programme tableau s'arrête ou dort en section critique si on le lui demande (TABLEAU_PAUSE)."

etape "Création et identification d'un segment" "Le segment et le sémaphore" \
	"shmget crée le segment (en-tête puis 4 cases), semget l'ensemble d'un sémaphore, que SETVAL met à 1."
montrer 'tableau creer "$CLE" 4'
SEG=$(id_de segment "$(cle "$CLE" T | head -n 1)")
SEM=$(id_de ensemble "$(cle "$CLE" S | head -n 1)")
etat segments semaphores
suite

etape "Opérations" "Quatre écrivains, un seul à la fois" \
	"Le premier écrivain s'arrête en section critique (TABLEAU_PAUSE=arret) ; les trois autres, ralentis ($LENT ms en section critique, 3 ajouts chacun), attachent le segment et attendent dans un P."
fond E1 'TABLEAU_PAUSE=arret tableau ajouter "$CLE" 0 1'
attendre_que "le premier écrivain arrêté en section critique" arrete "$E1"
fond E2 "TABLEAU_PAUSE=$LENT tableau ajouter \"\$CLE\" 1 1 3"
fond E3 "TABLEAU_PAUSE=$LENT tableau ajouter \"\$CLE\" 2 1 3"
fond E4 "TABLEAU_PAUSE=$LENT tableau ajouter \"\$CLE\" 3 1 3"
attendre_que "trois écrivains bloqués sur le sémaphore" vaut sem "$SEM" ncnt 3 0
etat segments semaphores
dire "attaches=4 : les quatre ont attaché le segment. valeur=0 : le premier tient le sémaphore ; ncnt=3 : trois processus dorment dans semop, sans consommer de processeur."
suite

etape "Rappels" "Chacun son tour" \
	"On relance le premier écrivain. À chaque V, le noyau réveille un des écrivains en attente ; chacun refait un P à chaque ajout."
montrer "kill -CONT $E1"
if [ "$AUTO" != 1 ]; then
	dire "Toutes les 300 ms : le sémaphore et le segment, lus par le moniteur."
	while ! { fini "$E2" && fini "$E3" && fini "$E4"; }; do
		printf '    valeur=%s ncnt=%s attaches=%s\n' "$(champ sem "$SEM" valeur 0)" \
			"$(champ sem "$SEM" ncnt 0)" "$(champ segment "$SEG" attaches)"
		sleep 0.3
	done
fi
for p in "$E1" "$E2" "$E3" "$E4"; do
	attendre_que "la fin des écrivains" fini "$p"
done
montrer 'tableau lire "$CLE"'
dire "total 10 = 1 + 3 x 3 : aucune mise à jour perdue, l'invariant tient."
suite

etape "Exemples" "Un écrivain tué en section critique, avec SEM_UNDO" \
	"La référence fait ses P et V avec SEM_UNDO : le noyau note chaque opération et l'annule à la mort du processus, même par SIGKILL."
fond E5 'TABLEAU_PAUSE=arret tableau ajouter "$CLE" 1 7'
attendre_que "l'écrivain arrêté en section critique" arrete "$E5"
etat semaphores
montrer "kill -KILL $E5"
attendre_que "la fin de l'écrivain" fini "$E5"
attendre_que "le sémaphore rendu" vaut sem "$SEM" valeur 1 0
etat semaphores
dire "valeur=1 : SEM_UNDO a rendu le sémaphore, les autres peuvent entrer. Mais l'écrivain est mort entre cases[1] += 7 et total += 7 :"
montrer 'tableau lire "$CLE"'
dire "SEM_UNDO libère le sémaphore, il ne répare pas les données."
suite

etape "Exemples" "Le même, sans SEM_UNDO" \
	"Le programme de référence utilise toujours SEM_UNDO. Pour voir la différence, on le recompile avec sem_flg = 0 (le mutant sans_sem_undo du correcteur du TP 2)."
montrer 'grep -n "sem_flg =" "$SANS/tableau.c"'
dire "Compilée en arrière-plan au lancement de la démo :"
afficher "$COMPILER"
compilation_attendue
montrer 'tableau detruire "$CLE" && tableau creer "$CLE" 4'
SEM=$(id_de ensemble "$(cle "$CLE" S | head -n 1)")
fond E6 'TABLEAU_PAUSE=arret tableau-sans-undo ajouter "$CLE" 2 5'
attendre_que "l'écrivain sans SEM_UNDO arrêté en section critique" arrete "$E6"
montrer "kill -KILL $E6"
attendre_que "la fin de l'écrivain" fini "$E6"
fond E7 'tableau ajouter "$CLE" 3 1'
attendre_que "le nouvel écrivain bloqué" vaut sem "$SEM" ncnt 1 0
etat semaphores
dire "valeur=0 pour toujours : le mort ne fera jamais son V. ncnt=1 : le nouvel écrivain attend un sémaphore que personne ne rendra (interblocage)."
suite

etape "Destruction" "Seule issue : supprimer (ou réinitialiser) le sémaphore" \
	"IPC_RMID réveille les processus bloqués, dont le semop échoue avec EIDRM."
montrer 'tableau detruire "$CLE"'
attendre_que "la fin de l'écrivain bloqué" fini "$E7"
etat segments semaphores
fin "Avec SEM_UNDO, un écrivain mort libère le sémaphore ; sans, il bloque tout le monde. Dans les deux cas, la section critique interrompue laisse des données incohérentes."
