/* msg-pointeur.c : un pointeur envoyé dans un message ne désigne rien de valable chez le
 * récepteur (cours : « Structure d'un message » ; TP 1, question 1).
 *   msg-pointeur envoyer CHEMIN TEXTE   crée la file ftok(CHEMIN, 'P') et y dépose l'adresse
 *                                       de sa copie de TEXTE (dans sa pile), puis se termine
 *   msg-pointeur recevoir CHEMIN        retire le message, suit l'adresse, supprime la file */
#include <err.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <unistd.h>

#include "sonde.h"

struct message {
	long mtype;
	const char *texte; /* l'erreur montrée : une adresse, pas les octets */
};

int main(int argc, char *argv[])
{
	struct message m = {.mtype = 1};
	key_t cle;
	int file;

	setvbuf(stdout, NULL, _IOLBF, 0); /* une ligne à la fois, même dans un tube */

	bool envoyer = argc == 4 && strcmp(argv[1], "envoyer") == 0;

	if (!envoyer && (argc != 3 || strcmp(argv[1], "recevoir") != 0))
		errx(2, "usage : msg-pointeur envoyer CHEMIN TEXTE | recevoir CHEMIN");
	if ((cle = ftok(argv[2], 'P')) == -1)
		err(1, "ftok");
	if (envoyer) {
		char texte[64];

		snprintf(texte, sizeof texte, "%s", argv[3]);
		if ((file = msgget(cle, IPC_CREAT | 0600)) == -1)
			err(1, "msgget");
		m.texte = texte;
		if (msgsnd(file, &m, sizeof m.texte, 0) == -1)
			err(1, "msgsnd");
		printf("émetteur (pid %d) : « %s » est chez moi à l'adresse %p ; j'envoie cette "
		       "adresse (%zu octets)\n",
		       (int)getpid(), texte, (void *)texte, sizeof m.texte);
		return 0;
	}
	if ((file = msgget(cle, 0)) == -1)
		err(1, "msgget");
	if (msgrcv(file, &m, sizeof m.texte, 0, 0) == -1)
		err(1, "msgrcv");
	printf("récepteur (pid %d) : reçu l'adresse %p\n", (int)getpid(), (const void *)m.texte);
	suivre("récepteur", m.texte);
	if (msgctl(file, IPC_RMID, NULL) == -1)
		err(1, "msgctl(IPC_RMID)");
	return 0;
}
