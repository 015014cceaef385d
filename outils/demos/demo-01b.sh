#!/bin/bash
# Démo : files de messages — pointeur envoyé, dépôt atomique, file pleine (IPC_SET), IPC_NOWAIT (TP 1)
. "$(dirname "$0")/commun.sh"

# Les petits programmes de la démo (un concept chacun, dans outils/demos/) se compilent en
# arrière-plan dès le début, dans le dossier temporaire de la démo.
SOURCES=$RACINE/outils/demos
COMPILER='for p in msg-pointeur msg-gros msg-pleine msg-attente; do cc -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -O1 -Wall -Wextra -I"$SOURCES" -o "$D/$p" "$SOURCES/$p.c" || exit 1; done'
compiler_en_fond

# Temps processeur (utilisateur + système) d'un processus, en centièmes de seconde.
TICS=$(getconf CLK_TCK)
cpu_cs() {
	local s
	s=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
	s=${s##*) }
	read -r -a c <<<"$s"
	echo $(((c[11] + c[12]) * 100 / TICS))
}
secondes() { printf '%d,%02d s' $(($1 / 100)) $(($1 % 100)); }
# Le sondeur a brûlé au moins SEUIL centièmes de seconde de processeur.
SEUIL=20
[ "$AUTO" = 1 ] || SEUIL=100
a_brule() { [ "$(cpu_cs "$SONDEUR")" -ge "$SEUIL" ]; }
# L'écrivain dort et a déposé N messages (lignes « dépôt N » de sa sortie).
ecrivain_endormi_apres() {
	endormi "$ECRIVAIN" && grep -q "dépôt $1 " "$D/ecrivain.sortie" && vaut file "$FQ" octets 4096
}

demarrer "Démo 1 b — Files de messages : ce que le cours affirme, vu en vrai" \
	"Quatre propriétés des files que le TP 1 utilise sans les montrer : pas de pointeur dans un message, un dépôt atomique, l'écrivain endormi quand la file est pleine, et le coût d'une attente par sondage (IPC_NOWAIT)."
compilation_attendue

etape "Structure d'un message" "Un pointeur dans un message" \
	"L'émetteur met dans son message l'adresse d'un texte rangé dans sa pile, et se termine. Le récepteur, un autre programme, retire le message et suit l'adresse (sans risque : il la fait lire par le noyau, qui répond EFAULT si rien n'y est projeté)."
montrer 'msg-pointeur envoyer "$CLE" "le secret de l’émetteur"'
montrer 'msg-pointeur recevoir "$CLE"'
dire "msgsnd a copié les 8 octets de l'adresse, pas le texte. Chez le récepteur, cette adresse ne désigne rien, ou autre chose. Un message porte donc les données elles-mêmes (tableaux de taille fixe), comme struct requete au TP 1."
suite

etape "Synchronisation" "Le dépôt est atomique : deux gros écrivains ne s'entremêlent pas" \
	"Deux écrivains déposent chacun 200 messages de 8000 octets, faits de la lettre A pour l'un, B pour l'autre. La file n'en tient que deux : les écrivains s'y bloquent et repartent selon la place. Le lecteur vérifie que chaque message n'a qu'une lettre."
fond A 'msg-gros ecrire "$CLE" A 200'
fond B 'msg-gros ecrire "$CLE" B 200'
montrer 'msg-gros lire "$CLE" 400'
attendre_que "la fin des écrivains" fini "$A"
attendre_que "la fin des écrivains" fini "$B"
dire "Les lettres ne changent qu'entre deux messages, quand l'autre écrivain a pu passer, jamais à l'intérieur d'un message : le système termine un dépôt avant de passer au suivant."
suite

etape "Synchronisation" "La file pleine : l'écrivain dort dans msgsnd" \
	"L'écrivain ramène la capacité de sa file (msg_qbytes, 16384 octets par défaut) à 4096 octets avec msgctl(IPC_SET), puis dépose sans fin des messages de 1024 octets : quatre passent, le cinquième l'endort."
fond ECRIVAIN 'msg-pleine remplir "$CLE" 4096 1024'
KQ=$(cle "$CLE" Q | head -n 1)
attendre_que "la file de l'écrivain" connu file "$KQ"
FQ=$(id_de file "$KQ")
attendre_que "la file pleine, l'écrivain endormi" ecrivain_endormi_apres 4
etat files
montrer "ipcs -q -i $FQ | grep qbytes"
montrer "ps -o pid,stat,wchan:12,args -p $ECRIVAIN"
dire "octets=4096 = qbytes : la file est pleine. État S, dans msgsnd : l'écrivain dort, sans consommer de processeur. Un lecteur retire un message :"
montrer 'msg-pleine retirer "$CLE"'
attendre_que "le dépôt suivant, puis le sommeil" ecrivain_endormi_apres 5
etat files
dire "Réveillé dès qu'il y a de la place, l'écrivain a déposé son cinquième message, et se rendort sur le sixième. La suppression de la file le réveille aussi : son msgsnd échoue (EIDRM)."
montrer "ipcrm -q $FQ"
attendre_que "la fin de l'écrivain" fini "$ECRIVAIN"
suite

etape "Accès - extraction" "IPC_NOWAIT peut être contre-productif" \
	"Deux lecteurs attendent chacun un message qui n'est pas encore là : le sondeur répète msgrcv avec IPC_NOWAIT (échec ENOMSG, puis il recommence) ; l'autre fait un seul msgrcv bloquant."
fond SONDEUR 'msg-attente sonder "$CLE" 1'
fond BLOQUANT 'msg-attente bloquer "$CLE" 2'
attendre_que "le lecteur bloquant endormi" endormi "$BLOQUANT"
attendre_que "le sondeur à $(secondes $SEUIL) de processeur" a_brule
montrer "ps -o pid,stat,wchan:12,args -p $SONDEUR,$BLOQUANT"
dire "Temps processeur lus dans /proc/PID/stat : sondeur $(secondes "$(cpu_cs "$SONDEUR")"), état R (il tourne) ; lecteur bloquant $(secondes "$(cpu_cs "$BLOQUANT")"), état S (il dort). Les deux messages arrivent :"
montrer 'msg-attente deposer "$CLE" 1; msg-attente deposer "$CLE" 2'
attendre_que "la fin des lecteurs" fini "$SONDEUR"
attendre_que "la fin des lecteurs" fini "$BLOQUANT"
montrer 'ipcrm -Q "$(cle "$CLE" A | head -n 1)"'
fin "Le sondeur a fait des centaines de milliers d'appels pour rien, et occupé un processeur que d'autres attendaient ; le lecteur bloquant, un seul, et le noyau l'a réveillé à l'arrivée de son message."
