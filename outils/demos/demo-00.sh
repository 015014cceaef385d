#!/bin/bash
# Démo : clés et identifiants, objets persistants, segment « dest », objet privé (TP 0)
. "$(dirname "$0")/commun.sh"

demarrer "Démo 0 — Clés, identifiants, et ce que montre le moniteur" \
	"Les objets IPC vivent dans le noyau, hors de tout processus. On les retrouve par une clé calculée par ftok à partir d'un fichier convenu, et ils restent là tant que personne ne les supprime."

etape "Identification" "La clé d'un fichier" \
	"ftok(CHEMIN, ID) fabrique la clé à partir de l'inode du fichier, de son périphérique et de l'identifiant. Le programme cle du TP 0 la décompose."
montrer 'cle "$CLE" 1'
montrer 'cle "$CLE" M'
montrer 'stat -c "inode %i, périphérique 0x%D" "$CLE"'
dire "Même fichier et même identifiant : même clé, dans tous les processus. C'est ainsi que des processus sans lien de parenté retrouvent le même objet."
suite

etape "Identification - suite" "« Ne plus toucher le fichier »" \
	"Un éditeur qui enregistre écrit souvent un nouveau fichier puis le renomme : l'inode change, donc la clé aussi. Les programmes ne retrouveraient plus leur objet."
montrer 'touch "$CLE.neuf" && mv "$CLE.neuf" "$CLE"'
noter_fichier_cle "$CLE"
montrer 'cle "$CLE" M'
suite

etape "Visualisation - exemple" "Un objet créé par clé, vu par ipcs et par le moniteur" \
	"Le serveur du TP 1 crée sa file avec la clé ftok(CHEMIN, 'M')."
fond SERVEUR 'serveur "$CLE"'
K=$(cle "$CLE" M | head -n 1)
attendre_que "la file du serveur" connu file "$K"
FILE=$(id_de file "$K")
montrer 'ipcs -q'
etat files
dire "La clé $K est celle que cle calcule ; l'identifiant $FILE est celui que msgget a rendu au serveur. Le moniteur ajoute les pids du dernier émetteur et du dernier récepteur."
suite

etape "Une mémoire faillible" "Les objets survivent aux processus" \
	"Le serveur est arrêté (SIGSTOP), deux clients déposent leur requête, puis tout le monde est tué sans nettoyer."
montrer "kill -STOP $SERVEUR"
attendre_que "le serveur arrêté" arrete "$SERVEUR"
fond CLIENT1 'client "$CLE" 1 + 1'
fond CLIENT2 'client "$CLE" 2 + 2'
attendre_que "deux requêtes dans la file" vaut file "$FILE" messages 2
montrer "kill -KILL $SERVEUR $CLIENT1 $CLIENT2"
attendre_que "la fin des trois processus" fini "$SERVEUR"
attendre_que "la fin des clients" fini "$CLIENT2"
attendre_que "la fin des clients" fini "$CLIENT1"
etat files
dire "Plus aucun processus, mais la file et ses 2 messages (48 octets) sont toujours là : seul un IPC_RMID, ou ipcrm, la supprime."
montrer "ipcrm -Q $K"
etat files
suite

etape "Demande d'accès : attachement" "Un segment attaché par deux lecteurs" \
	"Le tableau du TP 2 : un segment et un sémaphore. Un premier lecteur s'arrête en section critique (TABLEAU_PAUSE=arret) ; un second attache le segment puis attend le sémaphore."
montrer 'tableau creer "$CLE" 4'
fond LECTEUR1 'TABLEAU_PAUSE=arret tableau lire "$CLE"'
attendre_que "le premier lecteur arrêté en section critique" arrete "$LECTEUR1"
fond LECTEUR2 'tableau lire "$CLE"'
SEG=$(id_de segment "$(cle "$CLE" T | head -n 1)")
SEM=$(id_de ensemble "$(cle "$CLE" S | head -n 1)")
attendre_que "le second lecteur bloqué sur le sémaphore" vaut sem "$SEM" ncnt 1 0
etat segments semaphores
dire "attaches=2 : les deux lecteurs ont attaché le segment. Le sémaphore vaut 0 (pris par le premier) et ncnt=1 : le second attend dans un P."
suite

etape "Suppression" "Supprimer un segment encore attaché : « dest »" \
	"On détruit le tableau pendant que les lecteurs l'utilisent, comme dans l'exemple du cours où un segment apparaît « dest »."
montrer 'tableau detruire "$CLE"'
attendre_que "la fin du second lecteur (EIDRM)" fini "$LECTEUR2"
etat segments semaphores
dire "Le segment vit encore : il est marqué dest, sa clé est devenue 0x00000000 (plus personne ne peut le retrouver par clé), et il disparaîtra au dernier détachement. Le sémaphore, lui, a disparu tout de suite, et le second lecteur a été réveillé par EIDRM."
suite
dire "On relance le premier lecteur : son V échoue (l'ensemble n'existe plus), il se termine et détache le segment."
montrer "kill -CONT $LECTEUR1"
attendre_que "la fin du premier lecteur" fini "$LECTEUR1"
attendre_que "la disparition du segment" absent segment "$SEG"
etat segments
suite

etape "Création et identification d'une file - file privée" "Un objet privé, partagé par héritage" \
	"rdv groupe (TP 3) crée un ensemble avec IPC_PRIVATE, puis ses fils s'en servent : ils ont hérité de l'identifiant par fork. Sa clé vaut 0x00000000."
fond GROUPE 'rdv groupe 3'
ensemble_prive() { sed -n 's/.*ensemble privé \([0-9]*\).*/\1/p' "$D/groupe.sortie" 2>/dev/null; }
annonce() { [ -n "$(ensemble_prive)" ]; }
attendre_que "l'annonce de l'ensemble privé" annonce
PRIVE=$(ensemble_prive)
noter_objet s "$PRIVE"
etat semaphores
dire "L'ensemble $PRIVE a la clé 0x00000000 : privé ne veut pas dire réservé au créateur, mais introuvable par clé. Les fils le connaissent par héritage."
attendre_que "la fin du groupe" fini "$GROUPE"
etat semaphores

fin "Le moniteur (build/ref/00-cles/moniteur) se lance aussi en direct, sans -1 : il rafraîchit toutes les 500 ms et met en évidence ce qui change."
