#!/bin/bash
# Démo : rendez-vous — les arrivées font monter GETZCNT, le dernier libère tout le monde (TP 3)
. "$(dirname "$0")/commun.sh"

# sem-tout (outils/demos/, pour la dernière étape) se compile en arrière-plan dès le début,
# dans le dossier temporaire de la démo.
COMPILER='cc -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -O1 -Wall -Wextra -o "$D/sem-tout" "$RACINE/outils/demos/sem-tout.c"'
compiler_en_fond

demarrer "Démo 3 — Le rendez-vous de N processus avec l'opération Z (TP 3)" \
	"Un sémaphore compte les participants encore attendus. Chacun le décrémente en arrivant (P), puis attend qu'il soit nul (Z). Le dernier arrivé le met à zéro et libère tout le monde."

etape "Création" "Un rendez-vous pour trois" \
	"semget crée un ensemble d'un sémaphore, que SETVAL met à 3."
montrer 'rdv creer "$CLE" 3'
SEM=$(id_de ensemble "$(cle "$CLE" R | head -n 1)")
etat semaphores
suite

etape "Opérations" "Les participants arrivent un par un" \
	"Chaque arrivée fait un P de 1 puis une attente de zéro (deux appels semop). GETZCNT compte ceux qui attendent que le sémaphore soit nul."
fond ALICE 'rdv attendre "$CLE" alice'
attendre_que "alice en attente de zéro" vaut sem "$SEM" zcnt 1 0
etat semaphores
respirer
fond BOB 'rdv attendre "$CLE" bob'
attendre_que "bob en attente de zéro" vaut sem "$SEM" zcnt 2 0
etat semaphores
montrer 'rdv etat "$CLE"'
dire "valeur=1 : un participant attendu ; zcnt=2 : alice et bob dorment dans semop, sans consommer de processeur."
suite

etape "Sémaphores SV" "Le dernier arrivé libère tout le monde" \
	"carole décrémente : le sémaphore passe à 0, et le noyau réveille d'un coup tous ceux qui attendaient zéro."
montrer 'rdv attendre "$CLE" carole'
attendre_que "le passage d'alice" fini "$ALICE"
attendre_que "le passage de bob" fini "$BOB"
etat semaphores
suite

etape "Destruction" "Détruire un rendez-vous où l'on attend" \
	"« Elle réveillera tous les processus en attente » : leur semop échoue avec EIDRM."
montrer 'rdv detruire "$CLE" && rdv creer "$CLE" 2'
SEM=$(id_de ensemble "$(cle "$CLE" R | head -n 1)")
fond DAVID 'rdv attendre "$CLE" david'
attendre_que "david en attente de zéro" vaut sem "$SEM" zcnt 1 0
etat semaphores
montrer 'rdv detruire "$CLE"'
attendre_que "le réveil de david" fini "$DAVID"
etat semaphores
suite

etape "Opérations - suite" "rdv groupe : la chronologie d'un rendez-vous" \
	"rdv groupe 5 crée un ensemble privé et lance 5 fils, qui arrivent au hasard en moins de 600 ms. Personne ne passe avant la dernière arrivée ; ensuite, tous passent aussitôt, à quelques millisecondes près."
fond GROUPE 'rdv groupe 5'
ensemble_prive() { sed -n 's/.*ensemble privé \([0-9]*\).*/\1/p' "$D/groupe.sortie" 2>/dev/null; }
annonce() { [ -n "$(ensemble_prive)" ]; }
attendre_que "l'annonce de l'ensemble privé" annonce
PRIVE=$(ensemble_prive)
noter_objet s "$PRIVE"
if [ "$AUTO" != 1 ]; then
	dire "Toutes les 100 ms, le sémaphore de l'ensemble privé $PRIVE, lu par le moniteur :"
	while ! fini "$GROUPE"; do
		v=$(champ sem "$PRIVE" valeur 0)
		[ -n "$v" ] && printf '    valeur=%s zcnt=%s\n' "$v" "$(champ sem "$PRIVE" zcnt 0)"
		sleep 0.1
	done
fi
attendre_que "la fin du groupe" fini "$GROUPE"
etat semaphores
suite

etape "Opérations - suite" "rdv tours : une barrière réutilisable, à deux sémaphores" \
	"Remettre le sémaphore à N pour le tour suivant est un piège (question 4). rdv tours crée un ensemble de deux sémaphores, ARRIVEES (num 0, à N) et PASSAGES (num 1, à 0) : chaque semop combine, atomiquement, une attente sur l'un et une modification de l'autre, avec des P_n et des V_n. Trois fils franchissent trois fois la barrière."
montrer 'rdv tours "$CLE" 3 3'
dire "Dans chaque tour, l'ordre des fils varie, mais aucun « passe » ne précède la troisième arrivée."
suite

etape "Sémaphores SV" "Un participant arrêté retient les autres à la barrière" \
	"On relance la barrière pour 1000 tours (sortie masquée), puis on arrête l'un des fils par SIGSTOP, comme un Ctrl-Z : au plus tard au tour suivant, les deux autres s'endorment dans semop. Le moniteur montre les deux sémaphores de l'ensemble et qui attend quoi."
fond TOURS 'rdv tours "$CLE" 3 1000 >/dev/null'
barriere() { BARRIERE=$(id_de ensemble "$(cle "$CLE" B | head -n 1)"); [ -n "$BARRIERE" ]; }
# Un fils participant (rdv) : le père a aussi pour fils le bash qui préfixe sa sortie.
un_fils() { FILS=$(ps -o pid=,comm= --ppid "$TOURS" 2>/dev/null | awk '$2 == "rdv" { print $1; exit }'); [ -n "$FILS" ]; }
attendre_que "la barrière de rdv tours" barriere
attendre_que "les fils de rdv tours" un_fils
montrer "kill -STOP $FILS"
attendre_que "l'arrêt du fils $FILS" arrete "$FILS"
retenus() { # les deux autres fils dorment dans semop (ncnt ou zcnt, sur l'un des sémaphores)
	[ "$(moniteur -1 | awk -v id="$BARRIERE" '$1 == "sem" && $2 == "id=" id {
		for (i = 3; i <= NF; i++) if ($i ~ /^[nz]cnt=/) n += substr($i, 6) } END { print n + 0 }')" = 2 ]
}
attendre_que "les deux autres fils endormis à la barrière" retenus
etat semaphores
dire "ncnt + zcnt = 2 : les deux autres attendent le fils $FILS, arrêté. zcnt compte ceux qu'une opération Z retient (la valeur doit devenir nulle) ; ncnt, ceux qu'un P_3 retient (la valeur doit d'abord atteindre 3 ; le V_3 du même appel la rétablit)."
montrer "kill -CONT $FILS"
montrer "kill -TERM $TOURS"
dire "Comme Ctrl-C : le gestionnaire du père supprime l'ensemble ; les fils, dont le semop échoue (EIDRM), s'arrêtent ; le père les attend et sort avec le code 1."
attendre_que "la fin de rdv tours" fini "$TOURS"
etat semaphores
suite

etape "Initialisation" "Tout l'ensemble en un appel : SETALL et GETALL" \
	"Un ensemble de trois sémaphores, mis à 4, 0 et 7 par un seul semctl(SETALL) avec arg.array, puis relu par GETALL. Le programme s'arrête ensuite pour qu'on regarde."
compilation_attendue
fond TOUT 'sem-tout "$CLE" 4 0 7'
KE=$(cle "$CLE" E | head -n 1)
attendre_que "l'ensemble de sem-tout" connu ensemble "$KE"
attendre_que "sem-tout arrêté" arrete "$TOUT"
etat semaphores
dire "pid=$TOUT sur chaque sémaphore : GETPID donne le dernier processus qui a agi sur le sémaphore, par semop mais aussi par SETVAL ou SETALL (et par l'annulation SEM_UNDO d'un processus qui meurt)."
montrer "kill -CONT $TOUT"
attendre_que "la fin de sem-tout" fini "$TOUT"
fin "GETZCNT monte d'un à chaque arrivée (sauf la dernière, qui ne dort pas), puis retombe à 0 d'un seul coup : c'est la barrière. Pour la réutiliser, deux sémaphores et des groupes d'opérations atomiques ; pour les initialiser ensemble, SETALL."
