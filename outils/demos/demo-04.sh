#!/bin/bash
# Démo : un gros fichier d'un processus à un autre — l'anneau plein, le producteur endormi, la file réglée (TP 4)
. "$(dirname "$0")/commun.sh"

if [ ! -x "$REF/04-flux/flux" ]; then
	make --no-print-directory -s -C "$RACINE" references >/dev/null || exit 1
fi
# Le producteur qui prend le mutex avant sa case (étape de l'interblocage) se compile en
# arrière-plan dès le début : la référence, avec l'ordre P(mutex) puis P(vides) en deux semop
# (le mutant deposer-mutex-avant-vides du TP 4).
ORDRE=$D/mauvais-ordre
mkdir -p "$ORDRE"
cp "$RACINE"/solutions/04-flux/*.[ch] "$ORDRE/"
patch -s -p1 -d "$ORDRE" <"$RACINE/tests/04-flux/mutants/deposer-mutex-avant-vides.patch" >/dev/null || exit 1
COMPILER='cc -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -O1 -I"$RACINE/common" -I"$ORDRE" -o "$D/flux-mauvais-ordre" "$ORDRE/flux.c" "$RACINE/common/commun.c"'
compiler_en_fond
# 16 Mio : des centaines de cases et de messages, et la démo reste instantanée.
head -c 16M /dev/urandom >"$D/gros"

# Conditions observées par « flux etat » (jamais devinées). Rien ne tourne au premier plan qui
# attende un autre processus : un Ctrl-C qui le tuerait laisserait bash attendre pour toujours.
anneau_plein() { flux etat "$CLE" | grep -q '^vides valeur 0 attente 1 '; }
anneau_attendu() { flux etat "$CLE" | grep -q '^pleines valeur 0 attente 1 '; }
file_pleine() { flux etat "$CLE" | grep -q '^file octets 16384 '; }
# L'interblocage : le mutex pris (0), aucune case vide et une attendue (GETNCNT 1) ; puis le
# mutex attendu aussi, par le consommateur.
producteur_fige() {
	local e
	e=$(flux etat "$CLE")
	grep -q '^mutex valeur 0 ' <<<"$e" && grep -q '^vides valeur 0 attente 1 ' <<<"$e"
}
anneau_fige() { producteur_fige && flux etat "$CLE" | grep -q '^mutex valeur 0 attente 1 '; }

demarrer "Démo 4 — Un gros volume d'un processus à un autre : un anneau, puis une file (TP 4)" \
	"Un producteur lit un fichier de 16 Mio et l'envoie, un consommateur le reçoit et l'écrit. Ils n'ont aucun lien de parenté : ils se retrouvent par une clé ftok. Premier transport : un anneau de cases dans un segment de mémoire partagée, gardé par trois sémaphores. Second transport : une file de messages."

etape "Mémoire partagée SV - gros volumes ; Sémaphores SV - Initialisation" "Un anneau de 4 cases de 64 Kio" \
	"Le segment contient un en-tête (n, taille, compteurs écrites et lues : des indices, aucun pointeur), puis 4 cases. L'ensemble a trois sémaphores : mutex à 1, vides à 4 (cases libres), pleines à 0 (cases écrites), posés par un seul semctl(SETALL)."
montrer 'flux creer "$CLE" anneau 4 65536'
etat segments semaphores
montrer 'flux etat "$CLE"'
dire "Le segment fait 40 + 4 × 65536 octets : l'en-tête et les cases, rien d'autre."
suite

etape "Sémaphores SV - Opérations" "Le producteur seul : il remplit l'anneau, puis il dort" \
	"Pour chaque case, un semop {vides -1, mutex -1} (les deux, ou rien), la case écrite, puis {pleines +1, mutex +1}. Sans consommateur, vides tombe à 0 après 4 cases : le semop suivant endort le producteur."
fond ENVOI 'flux envoyer "$CLE" "$D/gros"'
attendre_que "le producteur endormi, l'anneau plein" anneau_plein
montrer 'flux etat "$CLE"'
montrer "ps -o pid,stat,time,wchan:16,args -p $ENVOI"
dire "écrites 4, vides 0 avec « attente 1 » (GETNCNT : le producteur attend que vides augmente), pleines 4. État S, 0 s de processeur : il dort dans le noyau, il ne sonde pas."
suite

etape "Mémoire partagée SV - gros volumes" "Le consommateur arrive : tout passe, à l'octet près" \
	"Chaque case lue libère une place (vides +1) : le noyau réveille le producteur, qui écrit la suivante. Les deux avancent ensemble jusqu'à la dernière case, incomplète, qui marque la fin du flux."
fond RECU 'flux recevoir "$CLE" "$D/copie"'
attendre_que "la fin du producteur" fini "$ENVOI"
attendre_que "la fin du consommateur" fini "$RECU"
montrer 'cmp "$D/gros" "$D/copie" && echo "copie identique (16 Mio)"'
montrer 'flux etat "$CLE"'
dire "256 cases pleines et la 257e, vide (16 Mio est un multiple de 64 Kio) : la fin du flux. écrites = lues : l'anneau est vide, prêt pour un autre fichier."
suite

etape "Sémaphores SV - Opérations" "Deux producteurs et deux consommateurs à la fois" \
	"Des enregistrements, un par case : deposer P K en écrit K, numérotés, retirer K en retire K. Le mutex fait que deux producteurs ne prennent jamais la même case (écrites avance sous le mutex), ni deux consommateurs (lues aussi)."
fond DEP1 'flux deposer "$CLE" 1 300'
fond DEP2 'flux deposer "$CLE" 2 300'
fond RET1 'flux retirer "$CLE" 250 >"$D/r1"'
fond RET2 'flux retirer "$CLE" 350 >"$D/r2"'
for p in "$DEP1" "$DEP2" "$RET1" "$RET2"; do attendre_que "la fin de $p" fini "$p"; done
montrer 'cat "$D/r1" "$D/r2" | wc -l; sort "$D/r1" "$D/r2" | uniq -d | wc -l'
dire "600 enregistrements retirés, aucun deux fois (uniq -d : 0 ligne). Prendre le mutex AVANT sa case, en deux semop, figerait tout dès l'anneau plein : le producteur dormirait en le tenant (question 4)."
suite

etape "Synchronisation - interblocage" "Le mutex pris avant la case : tout se fige" \
	"Ce producteur-ci prend le mutex, puis une case vide, en deux semop. Sur un anneau d'une case : il dépose son premier enregistrement, reprend le mutex pour le second, et s'endort faute de case vide... en gardant le mutex. Le consommateur qui libérerait la case attend ce mutex."
compilation_attendue
montrer 'flux detruire "$CLE"; flux creer "$CLE" anneau 1 64'
fond DEP "\"\$D/flux-mauvais-ordre\" deposer \"\$CLE\" 1 2"
attendre_que "le producteur endormi sur vides, le mutex en main" producteur_fige
fond RET 'flux retirer "$CLE" 2'
attendre_que "le consommateur endormi sur le mutex" anneau_fige
montrer 'flux etat "$CLE"'
montrer "ps -o pid,stat,wchan:16,args -p $DEP,$RET"
dire "mutex 0 avec « attente 1 » : le consommateur attend le mutex ; vides 0 avec « attente 1 » : le producteur attend une case, le mutex en main. Chacun attend l'autre : personne ne bougera plus. Seule la destruction les réveille (EIDRM)."
montrer 'flux detruire "$CLE"'
attendre_que "la sortie du producteur" fini "$DEP"
attendre_que "la sortie du consommateur" fini "$RET"
dire "La correction : {vides -1, mutex -1} en un seul semop (ou vides d'abord, puis le mutex). Le même scénario avec deposer de la référence :"
montrer 'flux creer "$CLE" anneau 1 64'
fond DEP 'flux deposer "$CLE" 1 2'
fond RET 'flux retirer "$CLE" 2'
attendre_que "la fin du producteur" fini "$DEP"
attendre_que "la fin du consommateur" fini "$RET"
montrer 'flux etat "$CLE"'
suite

etape "Destruction" "Détruire l'anneau réveille le consommateur qui attend" \
	"Un consommateur seul s'endort sur pleines (0). IPC_RMID sur l'ensemble le réveille : son semop échoue avec EIDRM ; il le dit et sort avec le code 1."
fond RECU 'flux recevoir "$CLE" /dev/null'
attendre_que "le consommateur endormi sur l'anneau vide" anneau_attendu
montrer 'flux detruire "$CLE"'
attendre_que "la sortie du consommateur" fini "$RECU"
etat segments semaphores
suite

etape "Files de messages SV - Contrôle" "La même chose par une file réglée à 16384 octets" \
	"msg_qbytes, réglé par IPC_SET et relu par IPC_STAT, borne les octets en attente. Le producteur envoie des messages de 8192 octets : au troisième, la file est pleine, msgsnd l'endort."
montrer 'flux creer "$CLE" file 16384'
fond ENVOI 'flux envoyer "$CLE" "$D/gros"'
attendre_que "le producteur endormi, la file pleine" file_pleine
montrer 'flux etat "$CLE"'
etat files
montrer "ps -o pid,stat,time,wchan:16,args -p $ENVOI"
fond RECU 'flux recevoir "$CLE" "$D/copie"'
attendre_que "la fin du producteur" fini "$ENVOI"
attendre_que "la fin du consommateur" fini "$RECU"
montrer 'cmp "$D/gros" "$D/copie" && echo "copie identique (16 Mio)"'
montrer 'flux detruire "$CLE"'
fin "Un producteur qui dort quand tout est plein, un consommateur qui dort quand tout est vide : le noyau les réveille au bon moment, sans qu'aucun ne consomme de processeur à attendre. L'anneau copie une fois ; la file, deux (vers le noyau, puis hors du noyau)."
