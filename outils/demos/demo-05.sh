#!/bin/bash
# Démo : le dîner des philosophes — une table figée en interblocage, puis le semop atomique (TP 5)
. "$(dirname "$0")/commun.sh"

if [ ! -x "$REF/05-philosophes/philo" ]; then
	make --no-print-directory -s -C "$RACINE" references >/dev/null || exit 1
fi
# Durée d'un repas de la version atomique (PHILO_PAUSE, en ms) : visible en classe.
if [ "$AUTO" = 1 ]; then REPAS=2; else REPAS=150; fi
NB=5

# tous_ETAT ETAT PID... : chaque processus est dans cet état (T : arrêté).
tous_arretes() {
	local p
	for p in "$@"; do arrete "$p" || return 1; done
}
tous_finis() {
	local p
	for p in "$@"; do fini "$p" || return 1; done
}
# Chaque fourchette (0 à NB - 1) attendue par un philosophe : ncnt=1 partout.
table_figee() {
	local k
	for ((k = 0; k < NB; k++)); do vaut sem "$SEM" ncnt 1 "$k" || return 1; done
}

demarrer "Démo 5 — Le dîner des philosophes : un interblocage, vu puis supprimé (TP 5)" \
	"Cinq philosophes, cinq fourchettes : chaque fourchette est un sémaphore d'un même ensemble (1 : libre, 0 : prise), plus un sixième, le portier. Le philosophe I mange avec les fourchettes I et I + 1 (modulo 5). Le programme philo s'arrête entre ses deux fourchettes, ou en mangeant, si on le lui demande (PHILO_PAUSE)."

etape "Sémaphores SV - Création, Initialisation" "La table, et cinq philosophes naïfs qui prennent leur fourchette gauche" \
	"semget crée un ensemble de 6 sémaphores, qu'un seul SETALL initialise : 1 par fourchette, 4 pour le portier. Puis cinq « philo naif » : chacun prend sa fourchette gauche par un premier semop, et s'arrête (PHILO_PAUSE=entre-fourchettes) avant le second."
montrer 'philo creer "$CLE" 5'
SEM=$(id_de ensemble "$(cle "$CLE" P | head -n 1)")
PIDS=()
for ((i = 0; i < NB; i++)); do
	fond "NAIF$i" "PHILO_PAUSE=entre-fourchettes philo naif \"\$CLE\" $i 1"
	v=NAIF$i
	PIDS+=("${!v}")
done
attendre_que "les cinq philosophes arrêtés entre leurs fourchettes" tous_arretes "${PIDS[@]}"
etat semaphores
dire "Chaque fourchette vaut 0 et son pid est celui du philosophe de même numéro : chacun tient sa gauche."
suite

etape "À retenir - interblocage" "Tous relâchés : la table se fige" \
	"kill -CONT relance les cinq. Chacun demande sa fourchette droite, que tient son voisin : il s'endort dans semop. Le voisin fait de même. Plus personne ne mangera jamais."
montrer "kill -CONT ${PIDS[*]}"
attendre_que "les cinq philosophes endormis dans semop" table_figee
etat semaphores
montrer 'philo etat "$CLE"'
dire "valeur=0 et ncnt=1 sur chaque fourchette : chacune est prise, chacune est attendue. Le cycle : P0 tient f0 et attend f1, tenue par P1, qui attend f2... et P4 attend f0, tenue par P0." \
	"      +-> P0 --f1--> P1 --f2--> P2 --f3--> P3 --f4--> P4 --f0--+" \
	"      |                                                        |" \
	"      +--------------------------------------------------------+"
montrer "ps -o pid,stat,wchan:16,args -p $(
	IFS=,
	echo "${PIDS[*]}"
)"
suite

etape "Destruction" "Détruire la table réveille les philosophes figés" \
	"IPC_RMID réveille tous les processus en attente : leur semop échoue avec EIDRM, chacun le dit et sort avec le code 1."
montrer 'philo detruire "$CLE"'
attendre_que "la sortie des cinq philosophes" tous_finis "${PIDS[@]}"
etat semaphores
suite

etape "Opérations - suite" "diner : les deux fourchettes en un seul semop" \
	"« philo diner » demande ses deux fourchettes dans un même semop de deux opérations : le noyau applique tout ou rien. En attendant, un philosophe ne tient aucune fourchette : le cycle ne peut plus se former. Cinq philosophes mangent chacun 8 repas de $REPAS ms."
montrer 'philo creer "$CLE" 5'
SEM=$(id_de ensemble "$(cle "$CLE" P | head -n 1)")
PIDS=()
for ((i = 0; i < NB; i++)); do
	fond "DINER$i" "PHILO_PAUSE=$REPAS philo diner \"\$CLE\" $i 8 >/dev/null"
	v=DINER$i
	PIDS+=("${!v}")
done
if [ "$AUTO" != 1 ]; then
	dire "Toutes les 200 ms, les fourchettes lues par le moniteur (0 : prise) :"
	while ! tous_finis "${PIDS[@]}"; do
		ligne=""
		for ((k = 0; k < NB; k++)); do ligne+=" f$k=$(champ sem "$SEM" valeur "$k")"; done
		printf '   %s\n' "$ligne"
		sleep 0.2
	done
fi
attendre_que "la fin des cinq dîners" tous_finis "${PIDS[@]}"
etat semaphores
dire "Tous ont fini leurs 8 repas ; jamais plus de deux à table en même temps (deux voisins partagent une fourchette). Toutes les fourchettes sont revenues à 1."
suite

etape "Sémaphores SV - SEM_UNDO" "Un philosophe tué en mangeant rend ses fourchettes" \
	"Le philosophe 0 s'arrête en mangeant (PHILO_PAUSE=mange) : f0 et f1 sont à 0. On le tue (kill -9). Ses opérations portaient SEM_UNDO : le noyau les annule à sa mort, et les deux fourchettes reviennent."
fond MANGEUR 'PHILO_PAUSE=mange philo diner "$CLE" 0 1'
attendre_que "le philosophe 0 arrêté en mangeant" arrete "$MANGEUR"
etat semaphores
montrer "kill -9 $MANGEUR"
attendre_que "la mort du philosophe 0" fini "$MANGEUR"
etat semaphores
dire "f0 et f1 valent de nouveau 1 : sans SEM_UNDO, ses voisins les auraient attendues pour toujours."
montrer 'philo detruire "$CLE"'
fin "Le naïf prend une fourchette puis attend l'autre : possession et attente, attente circulaire, la table se fige. Un seul semop pour les deux fourchettes supprime la possession et attente ; le portier (N - 1 à table, bonus) supprime le cycle."
