#!/bin/bash
# Démo : file de messages — clients en attente d'un serveur arrêté, l'urgente passe devant (TP 1)
. "$(dirname "$0")/commun.sh"

demarrer "Démo 1 — Une file de messages : la calculatrice du TP 1" \
	"Un serveur et des clients partagent une file. Les requêtes portent l'étiquette 1 (urgente) ou 2 (normale) ; chaque réponse porte le pid de son client."

etape "Création et identification d'une file" "Le serveur crée la file" \
	"msgget(ftok(CHEMIN, 'M'), IPC_CREAT | IPC_EXCL | 0600) : la file naît vide."
fond SERVEUR 'serveur "$CLE"'
K=$(cle "$CLE" M | head -n 1)
attendre_que "la file du serveur" connu file "$K"
FILE=$(id_de file "$K")
attendre_que "le serveur en attente dans msgrcv" endormi "$SERVEUR"
etat files
suite

etape "Accès - dépôt" "Une requête, une réponse" \
	"Le client dépose sa requête (étiquette 2), le serveur la retire, calcule, et dépose la réponse étiquetée par le pid du client, que seul ce client lit."
montrer 'client "$CLE" 6 x 7'
etat files
dire "messages=0 : tout a été retiré. emetteur est le dernier à avoir déposé (le serveur, sa réponse) ; recepteur le dernier à avoir retiré (le client)."
suite

etape "Synchronisation" "Le serveur ne lit plus : les requêtes s'accumulent" \
	"Le serveur est arrêté par SIGSTOP. Le système continue d'accepter les dépôts : les clients déposent leur requête et attendent leur réponse, endormis dans msgrcv. (Une file vraiment pleine, où c'est l'écrivain qui s'endort : make demo-01b.)"
montrer "kill -STOP $SERVEUR"
attendre_que "le serveur arrêté" arrete "$SERVEUR"
fond CLIENT1 'client "$CLE" 1 + 1'
attendre_que "la 1re requête" vaut file "$FILE" messages 1
fond CLIENT2 'client "$CLE" 2 + 2'
attendre_que "la 2e requête" vaut file "$FILE" messages 2
fond CLIENT3 'client "$CLE" 3 + 3'
attendre_que "la 3e requête" vaut file "$FILE" messages 3
etat files
dire "3 requêtes de 24 octets chacune (msgsz ne compte pas mtype) : octets=72. emetteur est le dernier client arrivé."
suite

etape "Accès - extraction" "L'urgente passe devant" \
	"Une requête urgente (étiquette 1) arrive en dernier. Le serveur lit avec le type -2 : « la plus petite étiquette <= 2 d'abord »."
fond URGENT 'client "$CLE" 100 x 100 -u'
attendre_que "la requête urgente" vaut file "$FILE" messages 4
etat files
respirer
montrer "kill -CONT $SERVEUR"
for p in "$URGENT" "$CLIENT1" "$CLIENT2" "$CLIENT3"; do
	attendre_que "la réponse de chaque client" fini "$p"
done
attendre_que "la file vide" vaut file "$FILE" messages 0
dire "Ordre de service, d'après la sortie du serveur :"
sed 's/^/    /' "$D/serveur.sortie"
dire "Le serveur a servi l'urgente (pid $URGENT) avant les trois normales, pourtant arrivées avant elle."
suite

etape "Suppression d'une file" "Le serveur supprime la file en partant" \
	"client stop envoie la requête d'arrêt ; le serveur fait msgctl(IPC_RMID) puis se termine."
montrer 'client "$CLE" stop'
attendre_que "la fin du serveur" fini "$SERVEUR"
attendre_que "la disparition de la file" absent file "$FILE"
etat files
montrer 'client "$CLE" 1 + 1'
fin "Sans file, le client échoue aussitôt (code 1) : il ne crée jamais la file, c'est le rôle du serveur."
