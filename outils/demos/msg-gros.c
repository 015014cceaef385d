/* msg-gros.c : le dépôt d'un message est atomique ; deux écrivains de gros messages ne les
 * entremêlent jamais (cours : « Accès - dépôt »).
 *   msg-gros ecrire CHEMIN LETTRE N   dépose N messages de TAILLE octets, tous faits de LETTRE
 *   msg-gros lire CHEMIN N            retire N messages, vérifie que chacun n'a qu'une lettre,
 *                                     affiche l'ordre des lettres, supprime la file
 * La file, de clé ftok(CHEMIN, 'G'), est créée par le premier venu ; elle ne tient que deux
 * messages : les écrivains s'y bloquent à tour de rôle et se succèdent message par message. */
#include <err.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>

#define TAILLE 8000 /* proche de msgmax (8192) : deux messages remplissent 16384 octets */

struct message {
	long mtype;
	char texte[TAILLE];
};

int main(int argc, char *argv[])
{
	static struct message m;
	bool ecrire = argc == 5 && strcmp(argv[1], "ecrire") == 0;
	key_t cle;
	int file;
	long n;

	setvbuf(stdout, NULL, _IOLBF, 0); /* une ligne à la fois, même dans un tube */

	if (!ecrire && (argc != 4 || strcmp(argv[1], "lire") != 0))
		errx(2, "usage : msg-gros ecrire CHEMIN LETTRE N | lire CHEMIN N");
	n = atol(argv[ecrire ? 4 : 3]);
	if ((cle = ftok(argv[2], 'G')) == -1)
		err(1, "ftok");
	if ((file = msgget(cle, IPC_CREAT | 0600)) == -1)
		err(1, "msgget");
	if (ecrire) {
		m.mtype = 1;
		memset(m.texte, argv[3][0], TAILLE);
		for (long i = 0; i < n; i++)
			if (msgsnd(file, &m, TAILLE, 0) == -1)
				err(1, "msgsnd");
		return 0;
	}
	long melanges = 0, changements = 0;
	char precedente = 0;

	printf("ordre des messages retirés : ");
	for (long i = 0; i < n; i++) {
		if (msgrcv(file, &m, TAILLE, 0, 0) != TAILLE)
			err(1, "msgrcv");
		if (memchr(m.texte, m.texte[0] == 'A' ? 'B' : 'A', TAILLE) != NULL)
			melanges++;
		if (precedente != 0 && m.texte[0] != precedente)
			changements++;
		precedente = m.texte[0];
		if (i < 60)
			putchar(m.texte[0]);
	}
	printf("%s\n", n > 60 ? "…" : "");
	printf("%ld messages de %d octets, %ld passages d'un écrivain à l'autre, %ld message(s) "
	       "mélangé(s)\n",
	       n, TAILLE, changements, melanges);
	if (msgctl(file, IPC_RMID, NULL) == -1)
		err(1, "msgctl(IPC_RMID)");
	return melanges == 0 ? 0 : 1;
}
